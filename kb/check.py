"""Checking that the index says what the stored records and sources say."""
from __future__ import annotations

from kb import index, store
from kb.home import Home, HomeError

LISTED = 5  # updates named per kind of difference; the rest are counted


def problems(home: Home) -> list[str]:
    """Every difference found between the records, the history's sources and the live index."""
    try:
        home.live_index()
    except HomeError as e:  # not a directory, or not readable: nothing else can be checked
        return [str(e)]
    found = []
    if home.txn.exists():
        found.append("a write was interrupted and is not finished (the next write, or `kb check --repair`, "
                     "completes or discards it)")
    found += source_problems(home)
    records = {u.id: u.to_dict() for u in store.read_records(home)}
    try:
        indexed, missing = index.read(home, lambda snap: ({u.id: u.to_dict() for u in snap.updates()},
                                                          snap.missing_fields()) if snap else (None, []))
    except Exception as e:  # any failure to read the index is what this check reports
        return found + [f"the index cannot be read: {e}"]
    if indexed is None:
        return found + (["there is no index although updates are stored"] if records else [])
    if missing:
        found.append(f"the index was built before the fields {', '.join(missing)} existed, so search cannot use "
                     "them (`kb reindex` or `kb check --repair` rebuilds it)")
    return found + index_problems(records, indexed)


def source_problems(home: Home) -> list[str]:
    """Stored copies of ingested files that are missing or no longer hold the bytes that were ingested."""
    found, seen = [], set()
    for record in store.history(home):
        for entry in record["entries"]:
            if entry["op"] != "ingest" or entry["stored"] in seen:
                continue
            seen.add(entry["stored"])
            path = home.sources / entry["stored"]
            if not path.exists():
                found.append(f"the stored copy of {entry['name']} ({entry['stored']}) is missing")
            elif store.copy_changed(path.read_bytes(), entry):
                found.append(f"the stored copy of {entry['name']} ({entry['stored']}) has changed since it was "
                             f"ingested")
    return found


def index_problems(records: dict[str, dict], indexed: dict[str, dict]) -> list[str]:
    """How the index differs from the records: counts, then the updates missing, extra or different."""
    found = []
    counts = [(len(u), sum(len(x["items"]) for x in u.values())) for u in (indexed, records)]
    if counts[0] != counts[1]:
        (n, m), (n2, m2) = counts
        found.append(f"the index holds {n} updates and {m} items; the records hold {n2} updates and {m2} items")
    found += _listed(sorted(records.keys() - indexed.keys()), "stored but not in the index")
    found += _listed(sorted(indexed.keys() - records.keys()), "in the index but not stored")
    differ = sorted(uid for uid in records.keys() & indexed.keys() if records[uid] != indexed[uid])
    found += [f"update {uid} differs between its record and the index{_how(records[uid], indexed[uid])}"
              for uid in differ[:LISTED]]
    if len(differ) > LISTED:
        found.append(f"... and {len(differ) - LISTED} more updates that differ between record and index")
    return found


def _listed(ids: list[str], what: str) -> list[str]:
    lines = [f"update {uid} is {what}" for uid in ids[:LISTED]]
    if len(ids) > LISTED:
        lines.append(f"... and {len(ids) - LISTED} more updates {what}")
    return lines


def _how(record: dict, indexed: dict) -> str:
    """What differs in one update: its number of items, else the fields that differ."""
    if len(record["items"]) != len(indexed["items"]):
        return f": {len(record['items'])} items in the record, {len(indexed['items'])} in the index"
    fields = sorted({k for k in record if k != "items" and record[k] != indexed.get(k)}
                    | {k for a, b in zip(record["items"], indexed["items"]) for k in a if a[k] != b.get(k)})
    return f" ({', '.join(fields)})" if fields else ""
