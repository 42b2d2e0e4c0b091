// Accessible tabs (WAI-ARIA tabs pattern): a tablist of buttons, arrow keys and Home/End move between
// them, only the selected tab is in the Tab order, each tab controls one tabpanel.
import { h } from './dom';

export interface TabSpec<K extends string> {
  key: K;
  label: string;
  panel: HTMLElement;
}

export interface Tabs<K extends string> {
  list: HTMLElement;
  select(key: K, focus?: boolean): void;
  setLabel(key: K, label: string): void;
}

export function createTabs<K extends string>(name: string, specs: readonly TabSpec<K>[], initial: K, onSelect: (key: K) => void): Tabs<K> {
  const list = h('div', { role: 'tablist', 'aria-label': name, class: 'tabs' });
  const buttons = specs.map((spec) => {
    const id = `tab-${spec.key}`;
    const panelId = `panel-${spec.key}`;
    spec.panel.id = panelId;
    spec.panel.setAttribute('role', 'tabpanel');
    spec.panel.setAttribute('aria-labelledby', id);
    spec.panel.tabIndex = 0;
    const button = h('button', { type: 'button', role: 'tab', id, 'aria-controls': panelId }, spec.label);
    button.addEventListener('click', () => select(spec.key, false));
    button.addEventListener('keydown', (e) => onKey(e, spec.key));
    list.append(button);
    return button;
  });

  function select(key: K, focus = false, notify = true): void {
    specs.forEach((spec, i) => {
      const selected = spec.key === key;
      const button = buttons[i]!;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
      spec.panel.hidden = !selected;
      if (selected && focus) button.focus();
    });
    if (notify) onSelect(key);
  }

  function onKey(e: KeyboardEvent, key: K): void {
    const i = specs.findIndex((spec) => spec.key === key);
    const last = specs.length - 1;
    const target = { ArrowRight: i === last ? 0 : i + 1, ArrowLeft: i === 0 ? last : i - 1, Home: 0, End: last }[e.key];
    if (target === undefined) return;
    e.preventDefault();
    select(specs[target]!.key, true);
  }

  // The initial selection is the caller's own state: no callback while it is still building the page.
  select(initial, false, false);
  return {
    list,
    select: (key, focus) => select(key, focus),
    setLabel: (key, label) => {
      const i = specs.findIndex((spec) => spec.key === key);
      if (buttons[i]) buttons[i]!.textContent = label;
    },
  };
}
