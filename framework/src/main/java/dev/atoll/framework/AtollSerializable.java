package dev.atoll.framework;

/**
 * Marker interface for every message, event and state that crosses the network or is stored:
 * implementing it binds the class to Pekko's Jackson CBOR serializer ({@code jackson-cbor}).
 *
 * <p>Binding by marker interface rather than by package or by open polymorphism means that only
 * classes written for the wire can be deserialized from it, never an arbitrary class named in an
 * incoming message. Java serialization is switched off on every Atoll node.
 *
 * <p>Records work out of the box (compile with {@code -parameters}); for sealed hierarchies
 * annotate the interface with {@code @JsonTypeInfo}/{@code @JsonSubTypes} as Jackson requires.
 *
 * @since 0.1.0
 */
public interface AtollSerializable {}
