import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { FileEntry } from '../../shared/contract';
import { formatBytes, formatDate } from '../format';
import { EntryIcon } from './EntryIcon';
import type { SortKey, SortOrder } from './sort-entries';
import { visibleWindow } from './visible-window';

/** Every row has this height, so the rows in view follow from the scroll position alone. */
export const ROW_HEIGHT = 28;

export interface RowActions {
  download: (entry: FileEntry) => void;
  share: (entry: FileEntry) => void;
  rename: (entry: FileEntry) => void;
  remove: (entry: FileEntry) => void;
}

interface FileGridProps {
  /** Already sorted and filtered. */
  entries: readonly FileEntry[];
  label: string;
  order: SortOrder;
  onSort: (key: SortKey) => void;
  selectedPath: string | undefined;
  onSelect: (path: string) => void;
  /** Enter or double-click: a folder opens, a file downloads. */
  onOpen: (entry: FileEntry) => void;
  /** Backspace or Alt+↑: the parent folder. */
  onGoUp: () => void;
  actions: RowActions;
  emptyText: string;
}

const COLUMNS: { key: SortKey; title: string }[] = [
  { key: 'name', title: 'Name' },
  { key: 'size', title: 'Size' },
  { key: 'modified', title: 'Modified' },
];

/**
 * The folder's entries as an ARIA grid, virtualised: only the rows in view
 * (and a few either side) are in the DOM, each placed by its index, so ten
 * thousand entries scroll as smoothly as ten. Pure: it shows what it is given
 * and reports what the person did.
 */
export function FileGrid(props: FileGridProps) {
  const { entries, order, selectedPath, onSelect } = props;
  const idBase = useId();
  const bodyRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(600);

  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    setViewportHeight(body.clientHeight || 600);
    const observer = new ResizeObserver(() => setViewportHeight(body.clientHeight));
    observer.observe(body);
    return () => observer.disconnect();
  }, []);

  const selectedIndex = selectedPath === undefined ? -1 : entries.findIndex((entry) => entry.path === selectedPath);

  // Keep the selected row in view when the keyboard moves it.
  useEffect(() => {
    const body = bodyRef.current;
    if (!body || selectedIndex < 0) return;
    const top = selectedIndex * ROW_HEIGHT;
    if (top < body.scrollTop) body.scrollTop = top;
    else if (top + ROW_HEIGHT > body.scrollTop + body.clientHeight)
      body.scrollTop = top + ROW_HEIGHT - body.clientHeight;
  }, [selectedIndex]);

  const { first, last } = visibleWindow(entries.length, ROW_HEIGHT, scrollTop, viewportHeight);
  const rows: number[] = [];
  for (let index = first; index <= last; index++) rows.push(index);
  const rowId = (index: number) => `${idBase}-row-${index}`;
  const pageRows = Math.max(1, Math.floor(viewportHeight / ROW_HEIGHT) - 1);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.target !== event.currentTarget) return;
    const move = (to: number) => {
      if (entries.length === 0) return;
      const index = Math.max(0, Math.min(entries.length - 1, to));
      onSelect(entries[index]!.path);
    };
    const selected = selectedIndex >= 0 ? entries[selectedIndex] : undefined;
    const handled = (() => {
      switch (event.key) {
        case 'ArrowDown':
          if (event.altKey) return false;
          move(selectedIndex < 0 ? 0 : selectedIndex + 1);
          return true;
        case 'ArrowUp':
          if (event.altKey) {
            props.onGoUp();
            return true;
          }
          move(selectedIndex < 0 ? 0 : selectedIndex - 1);
          return true;
        case 'Home':
          move(0);
          return true;
        case 'End':
          move(entries.length - 1);
          return true;
        case 'PageDown':
          move(selectedIndex + pageRows);
          return true;
        case 'PageUp':
          move(selectedIndex - pageRows);
          return true;
        case 'Backspace':
          props.onGoUp();
          return true;
        case 'Enter':
          if (selected) props.onOpen(selected);
          return Boolean(selected);
        case 'Delete':
          if (selected) props.actions.remove(selected);
          return Boolean(selected);
        case 'F2':
          if (selected) props.actions.rename(selected);
          return Boolean(selected);
        default:
          return false;
      }
    })();
    if (handled) event.preventDefault();
  }

  return (
    <div
      role="grid"
      aria-label={props.label}
      aria-rowcount={entries.length + 1}
      aria-colcount={4}
      aria-multiselectable={false}
      aria-activedescendant={selectedIndex >= first && selectedIndex <= last ? rowId(selectedIndex) : undefined}
      tabIndex={0}
      className="file-grid"
      onKeyDown={onKeyDown}
    >
      <div role="row" aria-rowindex={1} className="grid-row grid-header">
        {COLUMNS.map((column) => (
          <div
            key={column.key}
            role="columnheader"
            aria-colindex={COLUMNS.indexOf(column) + 1}
            aria-sort={order.key === column.key ? order.direction : 'none'}
            className={`cell cell-${column.key}`}
          >
            <button type="button" className="sort-button" onClick={() => props.onSort(column.key)}>
              {column.title}
              <span aria-hidden="true" className="sort-mark">
                {order.key === column.key ? (order.direction === 'ascending' ? '▲' : '▼') : ''}
              </span>
            </button>
          </div>
        ))}
        <div role="columnheader" aria-colindex={4} className="cell cell-actions">
          <span className="visually-hidden">Actions</span>
        </div>
      </div>
      <div
        ref={bodyRef}
        role="rowgroup"
        className="grid-body"
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      >
        {entries.length === 0 ? <p className="grid-empty">{props.emptyText}</p> : null}
        <div className="grid-spacer" style={{ height: entries.length * ROW_HEIGHT }}>
          {rows.map((index) => {
            const entry = entries[index]!;
            const selected = index === selectedIndex;
            return (
              <div
                key={entry.path}
                id={rowId(index)}
                role="row"
                aria-rowindex={index + 2}
                aria-selected={selected}
                className={selected ? 'grid-row selected' : 'grid-row'}
                style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
                onClick={() => onSelect(entry.path)}
                onDoubleClick={() => props.onOpen(entry)}
              >
                <div role="gridcell" aria-colindex={1} className="cell cell-name">
                  <EntryIcon kind={entry.kind} />
                  <span className="name-text" title={entry.name}>
                    {entry.name}
                  </span>
                </div>
                <div role="gridcell" aria-colindex={2} className="cell cell-size">
                  {entry.kind === 'file' && entry.size !== undefined ? formatBytes(entry.size) : '—'}
                </div>
                <div role="gridcell" aria-colindex={3} className="cell cell-modified">
                  {formatDate(entry.modified)}
                </div>
                <div role="gridcell" aria-colindex={4} className="cell cell-actions">
                  <RowButtons entry={entry} actions={props.actions} tabbable={selected} />
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** The row's actions; only the selected row's are in the Tab order, so Tab from the grid reaches them. */
function RowButtons({ entry, actions, tabbable }: { entry: FileEntry; actions: RowActions; tabbable: boolean }) {
  const buttons: [string, (entry: FileEntry) => void][] =
    entry.kind === 'file'
      ? [
          ['Download', actions.download],
          ['Share', actions.share],
          ['Rename', actions.rename],
          ['Delete', actions.remove],
        ]
      : [
          ['Download', actions.download],
          ['Rename', actions.rename],
          ['Delete', actions.remove],
        ];
  return (
    <>
      {buttons.map(([label, act]) => (
        <button
          key={label}
          type="button"
          className="row-button"
          tabIndex={tabbable ? 0 : -1}
          onClick={() => act(entry)}
          onDoubleClick={(event) => event.stopPropagation()}
        >
          {label}
        </button>
      ))}
    </>
  );
}
