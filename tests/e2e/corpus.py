"""Small made-up articles for end-to-end tests (written for these tests, not copied)."""

from __future__ import annotations

import json
from pathlib import Path

TOWN_REPORT = """Militia fighters seize river crossing near Dorvask

date 2023-05-14

Militia fighters took control of the main river crossing outside the town of Dorvask on Sunday after two days of clashes with army units, local officials said.

The crossing links the northern farming districts with the regional capital and had been held by the army since the spring offensive of last year.

A spokesman for the provincial administration said at least nine soldiers and four fighters were killed, and that civilians living near the bridge had fled towards the coast.

The army said it had withdrawn to new positions south of the river and was preparing to retake the area once reinforcements arrived.
"""

# The same wire report, republished with another headline, a caption and one paragraph dropped.
TOWN_REPORT_COPY = """Dorvask crossing falls to militia after two days of fighting

date 2023-05-14 Smoke rises over the river near Dorvask. (AFP Photo)

Militia fighters took control of the main river crossing outside the town of Dorvask on Sunday after two days of clashes with army units, local officials said.

The crossing links the northern farming districts with the regional capital and had been held by the army since the spring offensive of last year.

A spokesman for the provincial administration said at least nine soldiers and four fighters were killed, and that civilians living near the bridge had fled towards the coast.

The army said it had withdrawn to new positions south of the river and was preparing to retake the area once reinforcements arrived.

Read More
"""

PORT_REPORT = """Drone strikes hit fuel depot in Kesh harbour

Published Date: 09:30 | 02 March 2022

A series of drone strikes set a fuel depot on fire in the harbour of Kesh early on Wednesday, according to the port authority and witnesses who described several large explosions before dawn.

Firefighters worked for most of the morning to contain the blaze, which sent a column of black smoke over the old town. Two dock workers were injured, the authority said.

No group has claimed the attack. The harbour has been hit three times since January, and shipping companies have started to divert cargo to ports further along the coast.
"""

PROTEST_REPORT = """Hundreds march in Velna against power cuts

Several hundred people marched through the centre of Velna on Friday to protest against power cuts that have left large parts of the city without electricity for most of the week.

The protesters gathered outside the regional governor's office, chanting slogans and carrying empty jerrycans. Police watched from a distance and no arrests were reported.

Officials blamed damage to a high-voltage line north of the city and said repairs would take at least ten more days, a timeline that many of the marchers said they did not believe.
"""


def feed_item(title: str, body: str, day: int) -> str:
    return (
        f"<item><title>{title}</title><link>https://feed.example.org/{day}</link>"
        f"<pubDate>{day:02d} Jan 2024 10:00:00 GMT</pubDate>"
        f"<description><![CDATA[<p>{body}</p>]]></description></item>"
    )


FEED_BODY_A = (
    "Government troops pushed back an attack on an outpost on the edge of Tarsa late on Monday, "
    "officials said, adding that the attackers had used mortars and light weapons before retreating "
    "into the hills east of the town. Three soldiers were wounded in the fighting, which lasted for "
    "about four hours, and residents reported hearing explosions until shortly before midnight."
)
FEED_BODY_B = (
    "Aid agencies said on Tuesday that more than two thousand families had left villages around "
    "Tarsa during the past week because of the fighting, most of them moving to schools and mosques "
    "in the district capital. The agencies warned that food and clean water were running short and "
    "asked all parties to allow convoys through the main road, which has been closed since Friday."
)


def write_broken_folder(root: Path, *, big_bytes: int = 50 * 1024 * 1024) -> dict[str, int]:
    """A folder mixing good and bad inputs; returns how many good articles it holds."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "good.txt").write_text(TOWN_REPORT, encoding="utf-8")
    (root / "photo.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (root / "empty.txt").write_bytes(b"")
    (root / "latin.txt").write_bytes(
        bytes([0xFF, 0xFE, 0xFA, 0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1]) * 50
    )
    with (root / "huge.txt").open("wb") as fh:  # written in chunks: the test itself stays small
        chunk = b"All quiet along the line today. " * 32768
        written = 0
        while written < big_bytes:
            fh.write(chunk)
            written += len(chunk)
    lines = [
        json.dumps(
            {
                "text": PORT_REPORT,
                "url": "https://wire.example.org/kesh",
                "outlet": "Example Wire",
                "published": "2022-03-02",
            }
        ),
        '{"text": "this line is cut off',
        json.dumps({"text": PROTEST_REPORT, "title": "Velna march", "published": "2021-11-05"}),
    ]
    (root / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    feed = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Example Feed</title>'
        + feed_item("Outpost attack repelled near Tarsa", FEED_BODY_A, 8)
        + feed_item("Families flee villages around Tarsa", FEED_BODY_B, 9)
        + "<item><title>Third report</title><description><![CDATA[<p>Cut off in the mid"
    )
    (root / "feed.xml").write_text(feed, encoding="utf-8")
    return {"good": 5}
