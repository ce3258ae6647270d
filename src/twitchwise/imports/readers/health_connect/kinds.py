"""The numbers Health Connect's database writes for sleep stages and kinds of exercise.

The export's own integers (they differ from the public SDK's constants); a number not listed
is read as "exercise (type N)", so a newer app's kind is kept, not refused."""

from __future__ import annotations

# stage_type: 0 unknown, 1 awake, 2 sleeping, 3 out of bed, 4 light, 5 deep, 6 REM,
# 7 awake in bed: only 2 and 4-6 are time asleep.
ASLEEP_STAGES = frozenset({2, 4, 5, 6})

ACTIVITIES = {
    2: "badminton",
    4: "baseball",
    5: "basketball",
    8: "biking",
    10: "boxing",
    11: "calisthenics",
    13: "cricket",
    14: "dancing",
    16: "fencing",
    17: "american football",
    18: "australian football",
    20: "golf",
    22: "gymnastics",
    23: "handball",
    24: "high intensity interval training",
    25: "hiking",
    26: "ice hockey",
    27: "ice skating",
    29: "martial arts",
    31: "paddling",
    32: "paragliding",
    33: "pilates",
    34: "racquetball",
    35: "rock climbing",
    36: "roller hockey",
    37: "rowing",
    38: "rugby",
    39: "running",
    40: "sailing",
    42: "scuba diving",
    43: "skating",
    44: "skiing",
    45: "snowboarding",
    46: "snowshoeing",
    47: "soccer",
    48: "softball",
    49: "squash",
    50: "stair climbing",
    51: "strength training",
    52: "stretching",
    53: "walking",
    54: "surfing",
    55: "open water swimming",
    56: "pool swimming",
    57: "table tennis",
    58: "weight training",
    59: "volleyball",
    60: "wakeboarding",
    61: "water polo",
    62: "wheelchair",
    63: "yoga",
}


def activity(number: int | None) -> str:
    if number is None or number == 0:
        return "exercise"
    return ACTIVITIES.get(number, f"exercise (type {number})")
