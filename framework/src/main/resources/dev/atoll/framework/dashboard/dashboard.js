// The Atoll dashboard: polls this node's JSON management endpoints and draws them. Every value
// from the cluster reaches the page through textContent or setAttribute, never as markup.
'use strict';

(() => {
  const POLL_MILLIS = 1000;
  const MAX_FAILOVER_ROWS = 8;
  const MAX_MOVE_ROWS = 4;
  const SVG_NS = 'http://www.w3.org/2000/svg';

  /** The endpoints, and the module that serves each (named when it is absent). */
  const SOURCES = {
    members: { url: '/atoll/members', module: 'framework' },
    shards: { url: '/atoll/shards', module: 'cluster-sharding' },
    failover: { url: '/atoll/failover', module: 'failover' },
  };

  const PALETTE = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6',
    '#ec4899', '#14b8a6', '#84cc16', '#f97316', '#64748b'];

  // ------------------------------------------------------------------ fetching

  /** One answer: {kind: 'ok', data} | {kind: 'absent'} (404) | {kind: 'error', message}. */
  async function fetchJson(url) {
    try {
      const response = await fetch(url, { cache: 'no-store', headers: { Accept: 'application/json' } });
      if (response.status === 404) {
        return { kind: 'absent' };
      }
      if (!response.ok) {
        return { kind: 'error', message: `${url} answered ${response.status}` };
      }
      return { kind: 'ok', data: await response.json() };
    } catch (e) {
      return { kind: 'error', message: `${url} did not answer (${e.message})` };
    }
  }

  async function poll() {
    const names = Object.keys(SOURCES);
    const answers = await Promise.all(names.map((name) => fetchJson(SOURCES[name].url)));
    const view = {};
    names.forEach((name, i) => { view[name] = answers[i]; });
    render(view);
    document.body.dataset.polls = String(Number(document.body.dataset.polls) + 1);
    setTimeout(poll, POLL_MILLIS);
  }

  // ------------------------------------------------------------------ helpers

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function svg(tag, attributes) {
    const node = document.createElementNS(SVG_NS, tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, String(value)));
    return node;
  }

  /** "pekko://atoll@127.0.0.1:2551" and "127.0.0.1:2551" both read as "127.0.0.1:2551". */
  function shortName(address) {
    const text = String(address || '');
    const at = text.lastIndexOf('@');
    return at >= 0 ? text.slice(at + 1) : text;
  }

  /** "WEAKLY_UP" reads as "Weakly up". */
  function statusLabel(status) {
    const words = String(status || '').toLowerCase().replace(/_/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  /** Orders "host:port" names by host, then by port as a number. */
  function byName(a, b) {
    const [hostA, portA] = splitName(shortName(a));
    const [hostB, portB] = splitName(shortName(b));
    return hostA === hostB ? portA - portB : hostA.localeCompare(hostB);
  }

  function splitName(name) {
    const colon = name.lastIndexOf(':');
    return colon < 0 ? [name, 0] : [name.slice(0, colon), Number(name.slice(colon + 1)) || 0];
  }

  /**
   * Colours by member. A member keeps its colour for as long as the page is open (also after it
   * crashed, so that its failovers read in its colour); new members take the first free colour in
   * name order, so pages opened on different nodes of a settled cluster agree.
   */
  const assigned = new Map();

  function colours(names) {
    const used = new Set(assigned.values());
    [...new Set(names.map(shortName))].sort(byName).forEach((name) => {
      if (assigned.has(name)) {
        return;
      }
      const free = PALETTE.find((colour) => !used.has(colour));
      const colour = free || `hsl(${Math.round(assigned.size * 137.5) % 360} 65% 55%)`;
      assigned.set(name, colour);
      used.add(colour);
    });
    return (address) => assigned.get(shortName(address)) || '#9ca3af';
  }

  /** Shows a section's state: ok, or a note why it has nothing to show. */
  function setState(section, state, note) {
    section.dataset.state = state;
    section.querySelector('.note').textContent = note || '';
  }

  function absentNote(name) {
    return `The ${SOURCES[name].module} module is not running on this node (GET ${SOURCES[name].url} answered 404).`;
  }

  /** Applies an answer to a section: returns the data, or null after setting the section's note. */
  function dataFor(view, name, section) {
    const answer = view[name];
    if (answer.kind === 'ok') {
      setState(section, 'ok', '');
      return answer.data;
    }
    if (answer.kind === 'absent') {
      setState(section, 'absent', absentNote(name));
    } else {
      setState(section, 'error', answer.message);
    }
    return null;
  }

  function swatch(colour) {
    const span = el('span', null, 'swatch');
    span.style.backgroundColor = colour;
    return span;
  }

  // ------------------------------------------------------------------ rendering

  function render(view) {
    const members = view.members.kind === 'ok' ? view.members.data : null;
    const shards = view.shards.kind === 'ok' ? view.shards.data : null;
    const names = [];
    if (members) {
      members.members.forEach((m) => names.push(m.address));
    }
    if (shards) {
      Object.keys(shards.primariesPerMember || {}).forEach((a) => names.push(a));
    }
    if (view.failover.kind === 'ok') {
      (view.failover.data.recentFailovers || []).forEach((f) => names.push(f.previousPrimary, f.primary));
    }
    const colourOf = colours(names);
    renderHeader(view);
    renderMembers(view, colourOf);
    renderRing(view, colourOf, members);
    renderEntities(view, colourOf, members);
    renderFailovers(view, colourOf);
  }

  function renderHeader(view) {
    const live = document.getElementById('live');
    const members = view.members;
    if (members.kind === 'ok') {
      document.getElementById('self').textContent = `node ${shortName(members.data.self)}`;
      live.dataset.state = 'ok';
      live.textContent = `live, updated ${new Date().toLocaleTimeString()}`;
    } else {
      live.dataset.state = 'error';
      live.textContent = members.kind === 'absent' ? 'no membership endpoint' : 'this node does not answer';
    }
  }

  function renderMembers(view, colourOf) {
    const section = document.getElementById('members');
    const data = dataFor(view, 'members', section);
    const body = section.querySelector('tbody');
    if (!data) {
      return;
    }
    const rows = [...data.members].sort((a, b) => byName(a.address, b.address));
    body.replaceChildren(...rows.map((member) => {
      const row = el('tr', null, 'member');
      row.dataset.address = member.address;
      row.dataset.status = statusLabel(member.status);
      row.dataset.reachable = String(member.reachable);
      if (!member.reachable) {
        row.classList.add('unreachable');
      }
      const colourCell = el('td');
      colourCell.append(swatch(colourOf(member.address)));
      const address = el('td', shortName(member.address), 'address');
      address.title = member.address;
      const badges = el('td', null, 'badges');
      if (member.address === data.self) {
        badges.append(el('span', 'this node', 'badge'));
      }
      if (member.address === data.leader) {
        badges.append(el('span', 'leader', 'badge'));
      }
      row.append(colourCell, address,
        el('td', statusLabel(member.status), `status status-${String(member.status).toLowerCase()}`),
        el('td', member.reachable ? 'yes' : 'NO', member.reachable ? 'reachable' : 'unreachable-cell'),
        el('td', (member.roles || []).join(', ') || '-'),
        badges);
      return row;
    }));
    if (rows.length === 0) {
      setState(section, 'ok', 'This node sees no members yet: it has not joined a cluster.');
    }
  }

  function sector(startAngle, endAngle, inner, outer) {
    const point = (r, a) => `${(r * Math.cos(a)).toFixed(2)} ${(r * Math.sin(a)).toFixed(2)}`;
    const large = endAngle - startAngle > Math.PI ? 1 : 0;
    return `M ${point(outer, startAngle)} A ${outer} ${outer} 0 ${large} 1 ${point(outer, endAngle)} `
      + `L ${point(inner, endAngle)} A ${inner} ${inner} 0 ${large} 0 ${point(inner, startAngle)} Z`;
  }

  /** Bands from the outside in: primary, first backup, second backup. */
  const BANDS = [
    { inner: 118, outer: 150, role: 'primary' },
    { inner: 104, outer: 115, role: 'backup-1' },
    { inner: 92, outer: 101, role: 'backup-2' },
  ];

  function renderRing(view, colourOf, members) {
    const section = document.getElementById('ring');
    const data = dataFor(view, 'shards', section);
    const ring = document.getElementById('ring-svg');
    const legend = document.getElementById('ring-legend');
    if (!data) {
      ring.replaceChildren();
      legend.replaceChildren();
      return;
    }
    const unreachable = new Set((members ? members.members : []).filter((m) => !m.reachable).map((m) => m.address));
    const shards = data.shards || [];
    const count = shards.length;
    const children = [];
    const gap = count > 1 ? Math.min(0.01, Math.PI / count / 4) : 0.02;
    shards.forEach((shard, i) => {
      const start = (2 * Math.PI * i) / count - Math.PI / 2 + gap / 2;
      const end = (2 * Math.PI * (i + 1)) / count - Math.PI / 2 - gap / 2;
      const replicas = shard.replicas || [];
      BANDS.slice(0, replicas.length).forEach((band, r) => {
        const path = svg('path', {
          d: sector(start, end, band.inner, band.outer),
          fill: colourOf(replicas[r]),
          class: r === 0 ? 'shard' : 'replica',
          'data-shard': shard.shard,
          'data-role': band.role,
        });
        if (r === 0) {
          path.setAttribute('data-primary', replicas[0]);
          if (unreachable.has(replicas[0])) {
            path.classList.add('primary-unreachable');
          }
          const title = svg('title');
          const backups = replicas.slice(1).map(shortName).join(', ') || 'none';
          title.textContent = `shard ${shard.shard}: primary ${shortName(replicas[0])}, backups ${backups}`;
          path.append(title);
        }
        children.push(path);
      });
    });
    const centre = svg('text', { x: 0, y: -6, class: 'ring-count' });
    centre.textContent = count === 0 ? 'no members Up' : `${count} shards`;
    const detail = svg('text', { x: 0, y: 14, class: 'ring-detail' });
    detail.textContent = `replication factor ${data.replicationFactor}`;
    children.push(centre, detail);
    ring.replaceChildren(...children);

    const perMember = data.primariesPerMember || {};
    const entries = Object.keys(perMember).sort(byName);
    legend.replaceChildren(...entries.map((address) => {
      const item = el('li');
      item.dataset.address = address;
      item.append(swatch(colourOf(address)), el('span', shortName(address), 'address'),
        el('span', `${perMember[address]} primaries`, 'count'));
      return item;
    }));

    const moving = Object.entries(data.rebalancing || {}).filter(([, moves]) => moves.length > 0);
    document.getElementById('ring-rebalancing').textContent = moving.length === 0 ? ''
      : `Rebalancing: ${moving.map(([type, moves]) => `${type} ${moves.length} shard(s) moving`).join('; ')}.`;
  }

  function renderEntities(view, colourOf, members) {
    const section = document.getElementById('entities');
    const data = dataFor(view, 'shards', section);
    const head = section.querySelector('thead tr');
    const body = section.querySelector('tbody');
    if (!data) {
      head.replaceChildren();
      body.replaceChildren();
      return;
    }
    const byType = data.entities || {};
    const types = Object.keys(byType).sort();
    if (types.length === 0) {
      setState(section, 'ok', 'No entity type is started on this node.');
      head.replaceChildren();
      body.replaceChildren();
      return;
    }
    const addresses = new Set((members ? members.members : []).map((m) => m.address));
    types.forEach((type) => Object.keys(byType[type].regions || {}).forEach((a) => addresses.add(a)));
    const rows = [...addresses].sort(byName).map((address) => {
      const perType = types.map((type) => (byType[type].regions || {})[address]);
      const total = perType.reduce((sum, region) => sum + (region ? region.entities : 0), 0);
      return { address, perType, total };
    });
    const most = Math.max(1, ...rows.map((row) => row.total));

    head.replaceChildren(el('th'), el('th', 'Member'),
      ...types.map((type) => el('th', `${type} entities (shards)`)), el('th', 'Total'));
    body.replaceChildren(...rows.map((row) => {
      const tr = el('tr', null, 'entity-row');
      tr.dataset.address = row.address;
      tr.dataset.entities = String(row.total);
      const colourCell = el('td');
      colourCell.append(swatch(colourOf(row.address)));
      const cells = row.perType.map((region) => {
        if (!region) {
          return el('td', '-', 'muted');
        }
        const failed = region.unansweredShards.length > 0 ? `, ${region.unansweredShards.length} not answering` : '';
        return el('td', `${region.entities} (${region.shards}${failed})`);
      });
      const totalCell = el('td', null, 'total');
      const bar = el('span', null, 'bar');
      bar.style.width = `${((8 * row.total) / most).toFixed(2)}rem`;
      bar.style.backgroundColor = colourOf(row.address);
      totalCell.append(el('span', row.total, 'total-count'), bar);
      tr.append(colourCell, el('td', shortName(row.address), 'address'), ...cells, totalCell);
      return tr;
    }));
    const errors = types.filter((type) => byType[type].error).map((type) => `${type}: ${byType[type].error}`);
    setState(section, 'ok', errors.join('; '));
  }

  /** A cell with a member's colour and name. */
  function memberCell(address, colourOf) {
    const cell = el('td', null, 'address');
    cell.title = String(address || '');
    cell.append(swatch(colourOf(address)), document.createTextNode(` ${shortName(address)}`));
    return cell;
  }

  function renderFailovers(view, colourOf) {
    const section = document.getElementById('failovers');
    const data = dataFor(view, 'failover', section);
    const summary = document.getElementById('failover-summary');
    if (!data) {
      section.querySelectorAll('tbody').forEach((body) => body.replaceChildren());
      summary.textContent = '';
      return;
    }
    const primaries = data.primaries || [];
    const byState = {};
    primaries.forEach((p) => { byState[p.state] = (byState[p.state] || 0) + 1; });
    const states = Object.entries(byState).sort().map(([state, n]) => `${n} ${state}`).join(', ');
    summary.textContent = `This node serves ${primaries.length} shard(s) as primary${states ? ` (${states})` : ''}; `
      + `${data.underReplicated} under-replicated, ${data.unavailable} unavailable.`;

    const recent = data.recentFailovers || [];
    const failovers = recent.filter((f) => f.kind !== 'move');
    const moves = recent.filter((f) => f.kind === 'move');
    fillChanges('failover-table', failovers.slice(0, MAX_FAILOVER_ROWS), colourOf);
    fillChanges('moves-table', moves.slice(0, MAX_MOVE_ROWS), colourOf);
    document.getElementById('moves-heading').hidden = moves.length === 0;

    const measured = recent.map((f) => f.establishingMillis).filter((ms) => ms !== null && ms !== undefined);
    const took = measured.length === 0 ? 'This node ran none of them as the new primary.'
      : `Establishing took a median of ${median(measured)} ms over the ${measured.length} this node ran.`;
    const counts = `${failovers.length} failover(s) (latest ${Math.min(failovers.length, MAX_FAILOVER_ROWS)} shown) and `
      + `${moves.length} planned move(s) (latest ${Math.min(moves.length, MAX_MOVE_ROWS)} shown). `;
    document.getElementById('failover-more').textContent = recent.length === 0 ? '' : counts + took;
    setState(section, 'ok', recent.length === 0 ? 'No failover since this node started.' : '');
  }

  /** Fills the table with the given id with changes of primary, newest first; hides it when there are none. */
  function fillChanges(id, changes, colourOf) {
    const table = document.getElementById(id);
    table.hidden = changes.length === 0;
    table.querySelector('tbody').replaceChildren(...changes.map((f) => {
      const tr = el('tr', null, f.kind === 'move' ? 'move' : 'failover');
      tr.dataset.shard = String(f.shard);
      const when = el('td', new Date(f.at).toLocaleTimeString());
      when.title = f.at;
      const measured = f.establishingMillis !== null && f.establishingMillis !== undefined;
      const took = measured ? el('td', `${f.establishingMillis} ms`, 'took') : el('td', '\u2013', 'muted');
      if (!measured) {
        took.title = 'measured by the new primary only: open its dashboard';
      }
      const kind = el('td');
      kind.append(el('span', f.kind === 'move' ? 'planned move' : 'failover', `kind kind-${f.kind === 'move' ? 'move' : 'failover'}`));
      tr.append(when, el('td', f.shard), kind, memberCell(f.previousPrimary, colourOf), memberCell(f.primary, colourOf),
        el('td', f.epoch), took);
      return tr;
    }));
  }

  function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
  }

  poll();
})();
