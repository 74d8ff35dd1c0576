"""Checks soothe's calendar feed in a real iCalendar parser (Python's `icalendar`, with
`recurring-ical-events` to expand the recurrence).

Run by crates/server/tests/calendar_ics.rs with target/checkers-venv:

    check_ics.py SPEC.json

SPEC says which feeds to read (two builds of the same feed at different times) and what they
must hold: the rhythm at `time` on the household's wall clock on each of `weekdays` in each
window (windows that cross a daylight-saving change), its alarm `alarm_minutes` before, the
same UIDs in both builds, and the patch-test checks. Each window is expanded twice: with the
zone's IANA name (which the parser knows), and with the name changed, so that only the feed's
own VTIMEZONE tells the offsets.

A SPEC with `zones` (`[{"file", "zone", "from", "to"}]`) checks only each feed's VTIMEZONE:
its offsets from `from` to `to` are the zone's (twice a day, and hourly around changes).

Exit status 0 when all holds; else every failure is printed.
"""

import datetime as dt
import json
import sys
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

FAILURES = []


def check(cond, message):
    if not cond:
        FAILURES.append(message)
    return cond


def uids(cal):
    return sorted(str(e["UID"]) for e in cal.walk("VEVENT"))


def expand(cal, start, end):
    return recurring_ical_events.of(cal).between(start, end)


def check_window(label, cal, spec, window, tz):
    """The rhythm's occurrences between window[0] and window[1] (dates, end excluded)."""
    first = dt.date.fromisoformat(window[0])
    last = dt.date.fromisoformat(window[1])
    hh, mm = (int(x) for x in spec["time"].split(":"))
    weekdays = set(spec["weekdays"])  # 0 Monday … 6 Sunday
    expected = []
    day = first
    while day < last:
        if day.weekday() in weekdays:
            expected.append(dt.datetime(day.year, day.month, day.day, hh, mm, tzinfo=tz))
        day += dt.timedelta(days=1)

    events = expand(cal, (first.year, first.month, first.day), (last.year, last.month, last.day))
    rhythm = [e for e in events if str(e["UID"]) == spec["rhythm_uid"]]
    got = sorted(e["DTSTART"].dt for e in rhythm)
    # Compare instants: an occurrence at the wrong offset is a different instant.
    check(
        [g.astimezone(dt.timezone.utc) for g in got]
        == [x.astimezone(dt.timezone.utc) for x in expected],
        f"{label} {window}: occurrences\n  got      {[g.isoformat() for g in got]}\n"
        f"  expected {[x.isoformat() for x in expected]}",
    )
    for g in got:
        local = g.astimezone(tz)
        check(
            (local.hour, local.minute) == (hh, mm),
            f"{label}: an occurrence at {local.isoformat()} is not at {spec['time']} local",
        )
    offsets = {g.astimezone(tz).utcoffset() for g in got}
    if spec.get("dst_change"):
        check(len(offsets) == 2, f"{label} {window}: no daylight-saving change inside ({offsets})")

    for e in rhythm:
        start = e["DTSTART"].dt
        end = e.get("DTEND").dt if e.get("DTEND") else start + e["DURATION"].dt
        check(
            end - start == dt.timedelta(minutes=spec["minutes"]),
            f"{label}: the massage lasts {end - start}",
        )
        alarms = [c for c in e.subcomponents if c.name == "VALARM"]
        if not check(len(alarms) == 1, f"{label}: {len(alarms)} alarms on {start}"):
            continue
        alarm = alarms[0]
        check(str(alarm["ACTION"]) == "DISPLAY", f"{label}: alarm action {alarm['ACTION']}")
        check(str(alarm.get("DESCRIPTION", "")).strip() != "", f"{label}: alarm without words")
        trigger = alarm["TRIGGER"].dt
        at = (start + trigger).astimezone(tz)
        before = dt.datetime(start.year, start.month, start.day, hh, mm, tzinfo=tz) - dt.timedelta(
            minutes=spec["alarm_minutes"]
        )
        check(
            trigger == -dt.timedelta(minutes=spec["alarm_minutes"])
            and (at.hour, at.minute) == (before.hour, before.minute),
            f"{label}: the alarm for {start.isoformat()} is at {at.isoformat()} ({trigger})",
        )
    return len(got)


def check_zone_offsets(label, vtimezone, tz, first, last, every_hour):
    """The VTIMEZONE itself, not the parser's own data for its name, gives the zone's offset
    from `first` to `last` (UTC): every hour when `every_hour`, else twice a day, and every
    hour of the two days around each change of the zone's offset."""
    own = vtimezone.to_tz(lookup_tzid=False)
    day = first
    while day < last:
        nxt = day + dt.timedelta(days=1)
        changes = day.astimezone(tz).utcoffset() != nxt.astimezone(tz).utcoffset()
        if every_hour or changes:
            # The change may be late in the day before this check saw it.
            hours = [h for h in range(-24, 24)] if changes else list(range(24))
        else:
            hours = [0, 12]
        for h in hours:
            t = day + dt.timedelta(hours=h)
            a, b = t.astimezone(own).utcoffset(), t.astimezone(tz).utcoffset()
            if not check(a == b, f"{label}: VTIMEZONE offset at {t.isoformat()}: {a}, the zone's {b}"):
                return
        day = nxt


def utc_date(s):
    return dt.datetime.fromisoformat(s).replace(tzinfo=dt.timezone.utc)


def zones_only(spec):
    """Only each feed's VTIMEZONE, against the zone's data, over a span of years."""
    for z in spec["zones"]:
        cal = icalendar.Calendar.from_ical(open(z["file"], encoding="utf-8", newline="").read())
        zones = cal.walk("VTIMEZONE")
        if check(len(zones) == 1, f"{z['zone']}: {len(zones)} VTIMEZONEs"):
            check_zone_offsets(
                z["zone"], zones[0], ZoneInfo(z["zone"]), utc_date(z["from"]), utc_date(z["to"]), False
            )


def main():
    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    if "zones" in spec:
        zones_only(spec)
        for f in FAILURES:
            print("FAIL:", f)
        if FAILURES:
            sys.exit(1)
        print(f"ok: {len(spec['zones'])} zones")
        return
    tz = ZoneInfo(spec["zone"])
    texts = [open(f, encoding="utf-8", newline="").read() for f in spec["files"]]
    cals = [icalendar.Calendar.from_ical(t) for t in texts]
    cal = cals[0]

    check(str(cal["VERSION"]) == "2.0", "VERSION is not 2.0")
    check(str(cal.get("X-WR-CALNAME")) == spec["calendar_name"], f"X-WR-CALNAME {cal.get('X-WR-CALNAME')!r}")
    check(str(cal.get("METHOD")) == "PUBLISH", "METHOD is not PUBLISH")

    zones = cal.walk("VTIMEZONE")
    check([str(z["TZID"]) for z in zones] == [spec["zone"]], f"VTIMEZONEs {[str(z['TZID']) for z in zones]}")

    # The same events, with the same UIDs, in both builds; their DTSTAMPs follow the build.
    check(uids(cals[0]) == uids(cals[1]), f"UIDs differ between builds: {uids(cals[0])} / {uids(cals[1])}")
    check(len(set(uids(cal))) == len(uids(cal)), "a UID is used twice")
    stamps = [{str(e["DTSTAMP"].to_ical()) for e in c.walk("VEVENT")} for c in cals]
    check(stamps[0] != stamps[1], "DTSTAMP does not follow the build's time")

    # The VTIMEZONE itself, not the parser's own data for its name: it gives the zone's
    # offsets at every hour of each window.
    if zones:
        for window in spec["windows"]:
            check_zone_offsets("windows", zones[0], tz, utc_date(window[0]), utc_date(window[1]), True)

    # Renamed, so that the parser cannot use its own zone data: only the VTIMEZONE counts.
    renamed = icalendar.Calendar.from_ical(texts[0].replace(spec["zone"], "Soothe Household Zone"))
    total = 0
    for window in spec["windows"]:
        total += check_window("by name", cal, spec, window, tz)
        check_window("by VTIMEZONE", renamed, spec, window, tz)
    check(total > 0, "no occurrence of the rhythm in any window")

    # The patch-test checks: one-off events at their instants, each with an alarm.
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    for c in spec["checks"]:
        e = events.get(c["uid"])
        if not check(e is not None, f"the check {c['uid']} is missing"):
            continue
        at = dt.datetime.fromisoformat(c["at"].replace("Z", "+00:00"))
        check(e["DTSTART"].dt == at, f"the check {c['uid']} is at {e['DTSTART'].dt}, not {at}")
        check("RRULE" not in e, f"the check {c['uid']} repeats")
        check(c["oil"] in str(e["SUMMARY"]), f"the check's summary {e['SUMMARY']!r} has no {c['oil']!r}")
        check(
            any(a.name == "VALARM" for a in e.subcomponents),
            f"the check {c['uid']} has no alarm",
        )
    extra = set(events) - {c["uid"] for c in spec["checks"]} - {spec["rhythm_uid"]}
    check(not extra, f"unexpected events {sorted(extra)}")

    for f in FAILURES:
        print("FAIL:", f)
    if FAILURES:
        sys.exit(1)
    print(f"ok: {total} occurrences, {len(spec['checks'])} checks")


if __name__ == "__main__":
    main()
