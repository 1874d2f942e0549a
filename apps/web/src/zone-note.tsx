import { viewerTimeZone, zoneName } from './time-format';

/** States which zone the times on a page are in: the browser's, as everywhere in the portal except trigger times of day. */
export function ZoneNote() {
  const zone = viewerTimeZone();
  const abbreviation = zoneName(new Date(), zone);
  return (
    <p className="muted small">
      Times are in your browser&apos;s time zone, {zone}
      {abbreviation === zone ? '' : ` (${abbreviation})`}.
    </p>
  );
}
