"""Invented people: practitioner names from many backgrounds and patients' display names.

Every name is made up by combining common first and last names; none refers to a real person.
"""

from __future__ import annotations

import random

FEMALE_FIRST = (
    "Maria", "Sofia", "Isabel", "Camila", "Lucia", "Valentina", "Ana", "Gabriela", "Daniela",
    "Priya", "Ananya", "Meera", "Kavya", "Nisha", "Aisha", "Fatima", "Layla", "Yasmin", "Noor",
    "Mei", "Lin", "Hana", "Yuki", "Soo-jin", "Min-ji", "Thu", "Linh", "Mai", "Grace", "Joy",
    "Amara", "Chioma", "Ngozi", "Adaeze", "Imani", "Zainab", "Keisha", "Tiana", "Jasmine", "Naomi",
    "Emily", "Sarah", "Rachel", "Jessica", "Lauren", "Megan", "Hannah", "Olivia", "Claire", "Erin",
    "Katherine", "Elizabeth", "Caroline", "Natalie", "Rebecca", "Allison", "Brooke", "Kelsey",
    "Anastasia", "Olga", "Katarzyna", "Ingrid", "Freya", "Elena", "Giulia", "Francesca", "Chiara",
    "Leah", "Miriam", "Talia", "Shira", "Nadia", "Rana", "Leilani", "Kalani", "Ximena", "Paloma",
)  # fmt: skip
MALE_FIRST = (
    "Carlos", "Diego", "Mateo", "Javier", "Luis", "Andres", "Rafael", "Arjun", "Rohan", "Vikram",
    "Sanjay", "Omar", "Karim", "Yusuf", "Tariq", "Wei", "Jun", "Kenji", "Hiroshi", "Min-ho",
    "Jae", "Minh", "Duc", "Kwame", "Chidi", "Emeka", "Tunde", "Marcus", "Andre", "Darius",
    "Malik", "Jamal", "Michael", "David", "James", "Daniel", "Matthew", "Andrew", "Ryan",
    "Benjamin", "Nathan", "Thomas", "Patrick", "Sean", "Aleksander", "Dmitri", "Lars", "Stefan",
    "Marco", "Luca", "Giovanni", "Eli", "Noah", "Ari", "Nikolai", "Mikael", "Keoni", "Tomas",
)  # fmt: skip
LAST = (
    "Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Perez", "Sanchez",
    "Ramirez", "Torres", "Flores", "Rivera", "Morales", "Reyes", "Castillo", "Vargas", "Mendoza",
    "Patel", "Shah", "Desai", "Iyer", "Reddy", "Nair", "Chaudhry", "Malik", "Khan", "Haddad",
    "Nasser", "Farah", "Karimi", "Rahimi", "Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Lin",
    "Nguyen", "Tran", "Pham", "Le", "Kim", "Park", "Choi", "Jung", "Tanaka", "Sato", "Nakamura",
    "Yamamoto", "Okafor", "Adeyemi", "Okonkwo", "Mensah", "Boateng", "Diallo", "Abebe", "Johnson",
    "Williams", "Jackson", "Washington", "Robinson", "Harris", "Brooks", "Coleman", "Jenkins",
    "Smith", "Brown", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore",
    "Martin", "Thompson", "White", "Clark", "Lewis", "Walker", "Hall", "Allen", "Young", "King",
    "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Carter", "Mitchell", "Campbell",
    "Sullivan", "O'Brien", "Murphy", "Kelly", "Fitzgerald", "Byrne", "Schmidt", "Weber", "Becker",
    "Hoffman", "Fischer", "Novak", "Kowalski", "Nowak", "Petrov", "Ivanova", "Volkov", "Horvath",
    "Rossi", "Romano", "Bianchi", "Esposito", "Costa", "Ferreira", "Silva", "Santos", "Oliveira",
    "Cohen", "Levy", "Friedman", "Katz", "Goldberg", "Larsen", "Nilsson", "Lindqvist", "Berg",
    "Kahale", "Akana", "Begay", "Yazzie", "Tsosie", "Dubois", "Laurent", "Moreau", "Bergeron",
)  # fmt: skip


def practitioner_name(rng: random.Random, taken: set[str]) -> tuple[str, str, str]:
    """(first, last, gender) for a name no other demo practitioner has; gender is "f" or "m".

    Women outnumber men in aesthetic practice roughly three to one, and so they do here."""
    while True:
        gender = "f" if rng.random() < 0.74 else "m"
        first = rng.choice(FEMALE_FIRST if gender == "f" else MALE_FIRST)
        last = rng.choice(LAST)
        if f"{first} {last}" not in taken:
            taken.add(f"{first} {last}")
            return first, last, gender


def patient_display_name(rng: random.Random) -> str:
    """A reviewer's public name the way people choose them: "Maria G."."""
    first = rng.choice(FEMALE_FIRST if rng.random() < 0.78 else MALE_FIRST)
    return f"{first} {rng.choice(LAST)[0]}."
