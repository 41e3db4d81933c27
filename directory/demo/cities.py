"""The US cities the demo practitioners work in: real places of the gazetteer, their area codes,
a few real street names for plausible addresses, and how expensive treatment is there.

Every state here has its licensing boards in ``directory.boards``, so each demo licence names a
real board of its state.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    """A city with what the demo needs to place a clinic in it."""

    name: str
    state: str
    area_code: str
    weight: int  # relative share of the listings (bigger markets have more clinics)
    cost: float  # price multiplier against the national middle
    streets: tuple[str, ...]


def _c(name: str, state: str, area: str, weight: int, cost: float, streets: str) -> City:
    return City(name, state, area, weight, cost, tuple(s.strip() for s in streets.split(";")))


CITIES: tuple[City, ...] = (
    _c("Austin", "TX", "512", 8, 1.05,
       "Congress Ave; South Lamar Blvd; Burnet Rd; W 6th St; Bee Caves Rd"),
    _c("Houston", "TX", "713", 9, 1.0,
       "Westheimer Rd; Kirby Dr; Montrose Blvd; San Felipe St; Post Oak Blvd"),
    _c("Dallas", "TX", "214", 8, 1.05,
       "Lemmon Ave; McKinney Ave; Preston Rd; Greenville Ave; Oak Lawn Ave"),
    _c("San Antonio", "TX", "210", 5, 0.9, "Broadway St; Huebner Rd; Blanco Rd; McCullough Ave"),
    _c("Fort Worth", "TX", "817", 3, 0.9, "Camp Bowie Blvd; W 7th St; Hulen St; Magnolia Ave"),
    _c("Los Angeles", "CA", "323", 10, 1.3,
       "Wilshire Blvd; Sunset Blvd; La Brea Ave; Melrose Ave; Pico Blvd"),
    _c("Beverly Hills", "CA", "310", 4, 1.45,
       "N Bedford Dr; S Beverly Dr; N Camden Dr; N Roxbury Dr"),
    _c("San Diego", "CA", "619", 6, 1.15, "University Ave; India St; Garnet Ave; El Cajon Blvd"),
    _c("San Francisco", "CA", "415", 6, 1.35,
       "Fillmore St; Union St; Market St; Sacramento St; Valencia St"),
    _c("Sacramento", "CA", "916", 3, 1.0, "J St; Fair Oaks Blvd; Capitol Ave; Folsom Blvd"),
    _c("Irvine", "CA", "949", 3, 1.2, "Jamboree Rd; Culver Dr; Alton Pkwy; Campus Dr"),
    _c("Miami", "FL", "305", 8, 1.15,
       "Biscayne Blvd; Brickell Ave; Coral Way; SW 8th St; NE 2nd Ave"),
    _c("Tampa", "FL", "813", 4, 0.95,
       "Bayshore Blvd; S Howard Ave; W Kennedy Blvd; N Dale Mabry Hwy"),
    _c("Orlando", "FL", "407", 4, 0.95, "E Colonial Dr; N Orange Ave; Edgewater Dr; S Park Ave"),
    _c("Fort Lauderdale", "FL", "954", 3, 1.05,
       "Las Olas Blvd; N Federal Hwy; E Sunrise Blvd; SE 17th St"),
    _c("Boca Raton", "FL", "561", 3, 1.15, "N Federal Hwy; Glades Rd; Palmetto Park Rd; Yamato Rd"),
    _c("New York", "NY", "212", 10, 1.4,
       "Madison Ave; Lexington Ave; Park Ave; W 57th St; Broadway"),
    _c("Brooklyn", "NY", "718", 5, 1.2, "Atlantic Ave; Court St; Bedford Ave; 5th Ave; Smith St"),
    _c("Buffalo", "NY", "716", 2, 0.85, "Elmwood Ave; Delaware Ave; Main St; Hertel Ave"),
    _c("Chicago", "IL", "312", 9, 1.1,
       "N Michigan Ave; W Armitage Ave; N Clark St; W Division St; N Halsted St"),
    _c("Naperville", "IL", "630", 2, 1.0, "Ogden Ave; Washington St; Route 59; Jefferson Ave"),
    _c("Atlanta", "GA", "404", 8, 1.05,
       "Peachtree Rd NE; Piedmont Ave NE; Howell Mill Rd NW; Ponce de Leon Ave NE"),
    _c("Savannah", "GA", "912", 2, 0.9, "Abercorn St; Bull St; Broughton St; Skidaway Rd"),
    _c("Phoenix", "AZ", "602", 6, 0.95,
       "N Central Ave; E Camelback Rd; N 7th St; E Indian School Rd"),
    _c("Scottsdale", "AZ", "480", 4, 1.15,
       "N Scottsdale Rd; E Shea Blvd; N Hayden Rd; E Via Linda"),
    _c("Tucson", "AZ", "520", 2, 0.85,
       "E Speedway Blvd; N Campbell Ave; E Broadway Blvd; N Oracle Rd"),
    _c("Denver", "CO", "303", 6, 1.05,
       "E Colfax Ave; S Broadway; E 17th Ave; Larimer St; S Pearl St"),
    _c("Boulder", "CO", "303", 2, 1.1, "Pearl St; Broadway; Arapahoe Ave; 28th St"),
    _c("Seattle", "WA", "206", 6, 1.2,
       "Broadway E; Westlake Ave N; NE 45th St; Madison St; 1st Ave"),
    _c("Bellevue", "WA", "425", 3, 1.25, "Bellevue Way NE; NE 8th St; 116th Ave NE; 156th Ave NE"),
    _c("Spokane", "WA", "509", 2, 0.85,
       "W Riverside Ave; N Division St; S Grand Blvd; E Sprague Ave"),
    _c("Boston", "MA", "617", 6, 1.3,
       "Newbury St; Boylston St; Commonwealth Ave; Tremont St; Beacon St"),
    _c("Cambridge", "MA", "617", 2, 1.25,
       "Massachusetts Ave; Brattle St; Cambridge St; Hampshire St"),
    _c("Philadelphia", "PA", "215", 7, 1.05,
       "Walnut St; Chestnut St; S Broad St; Spruce St; Germantown Ave"),
    _c("Pittsburgh", "PA", "412", 3, 0.9, "Walnut St; Forbes Ave; E Carson St; Penn Ave"),
    _c("Columbus", "OH", "614", 4, 0.9, "N High St; E Broad St; Olentangy River Rd; W Lane Ave"),
    _c("Cleveland", "OH", "216", 3, 0.85, "Euclid Ave; Lorain Ave; Detroit Ave; Shaker Blvd"),
    _c("Cincinnati", "OH", "513", 3, 0.85, "Vine St; Madison Rd; Erie Ave; Ludlow Ave"),
    _c("Charlotte", "NC", "704", 5, 0.95,
       "South Blvd; Providence Rd; Park Rd; Central Ave; Selwyn Ave"),
    _c("Raleigh", "NC", "919", 3, 0.95,
       "Glenwood Ave; Hillsborough St; Six Forks Rd; Fayetteville St"),
    _c("Nashville", "TN", "615", 5, 1.0, "West End Ave; 12th Ave S; Hillsboro Pike; Charlotte Ave"),
    _c("Memphis", "TN", "901", 2, 0.8, "Poplar Ave; Union Ave; Madison Ave; Summer Ave"),
    _c("Las Vegas", "NV", "702", 5, 1.0,
       "W Sahara Ave; S Rainbow Blvd; W Charleston Blvd; S Eastern Ave"),
    _c("Reno", "NV", "775", 2, 0.9, "S Virginia St; Kietzke Ln; W Plumb Ln; Mayberry Dr"),
    _c("Portland", "OR", "503", 5, 1.05,
       "NW 23rd Ave; SE Hawthorne Blvd; NE Broadway; SW Morrison St"),
    _c("Minneapolis", "MN", "612", 5, 1.0, "Hennepin Ave; Nicollet Ave; Lyndale Ave S; E Lake St"),
    _c("Detroit", "MI", "313", 3, 0.85, "Woodward Ave; Gratiot Ave; W Grand Blvd; Michigan Ave"),
    _c("Ann Arbor", "MI", "734", 2, 1.0, "S Main St; E Liberty St; Packard St; Plymouth Rd"),
    _c("Grand Rapids", "MI", "616", 2, 0.85,
       "Monroe Ave NW; Wealthy St SE; Cherry St SE; 28th St SE"),
    _c("Salt Lake City", "UT", "801", 5, 0.95, "S State St; E 900 S; S Highland Dr; E 2100 S"),
)  # fmt: skip

# Estheticians may not micro-needle here (shared/domain/clinical.md); their licences stay
# pending or are rejected, and moderators see the scope hint of ``directory.boards``.
ESTHETICIAN_BARRED_STATES = frozenset({"CA", "FL", "NY", "TX"})
# States with a master-esthetician licence level.
MASTER_ESTHETICIAN_STATES = frozenset({"WA", "UT"})
