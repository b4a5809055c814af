"""The realistic vocabulary the demo generator draws from: assets, insurers, Polish names and places."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AssetModel:
    kind: str  # rodzaj przedmiotu leasingu, as the portal shows it
    make: str
    model: str
    wmi: str | None  # VIN world manufacturer identifier; None for assets without a VIN
    price_pln: tuple[int, int]  # net price range
    terms: tuple[int, ...]  # typical lease terms in months
    registered: bool  # has a registration plate


CAR, VAN, TRACTOR, TRAILER = "samochód osobowy", "samochód dostawczy", "ciągnik siodłowy", "naczepa"

ASSETS: dict[str, tuple[AssetModel, ...]] = {
    "car": tuple(
        AssetModel(CAR, make, model, wmi, price, (36, 48, 60), True)
        for make, model, wmi, price in (
            ("Skoda", "Octavia Combi 2.0 TDI", "TMB", (105_000, 145_000)),
            ("Skoda", "Superb 2.0 TSI", "TMB", (150_000, 195_000)),
            ("Toyota", "Corolla 1.8 Hybrid", "SB1", (95_000, 125_000)),
            ("Toyota", "RAV4 2.5 Hybrid", "JTM", (160_000, 210_000)),
            ("Volkswagen", "Passat Variant 2.0 TDI", "WVW", (140_000, 185_000)),
            ("Kia", "Ceed SW 1.5 T-GDI", "U5Y", (90_000, 115_000)),
            ("Hyundai", "Tucson 1.6 T-GDI", "TMA", (125_000, 165_000)),
            ("BMW", "320d Touring", "WBA", (190_000, 245_000)),
            ("Audi", "A4 Avant 40 TDI", "WAU", (185_000, 240_000)),
            ("Mercedes-Benz", "C 220 d", "W1K", (200_000, 260_000)),
            ("Ford", "Focus 1.0 EcoBoost", "WF0", (88_000, 110_000)),
            ("Dacia", "Duster 1.3 TCe", "UU1", (75_000, 95_000)),
        )
    ),
    "van": tuple(
        AssetModel(VAN, make, model, wmi, price, (36, 48, 60), True)
        for make, model, wmi, price in (
            ("Ford", "Transit Custom 2.0 EcoBlue", "WF0", (150_000, 190_000)),
            ("Renault", "Master 2.3 dCi", "VF1", (140_000, 180_000)),
            ("Fiat", "Ducato 2.2 MultiJet", "ZFA", (135_000, 175_000)),
            ("Volkswagen", "Crafter 2.0 TDI", "WV1", (170_000, 230_000)),
            ("Mercedes-Benz", "Sprinter 317 CDI", "W1V", (190_000, 250_000)),
            ("Iveco", "Daily 35S16", "ZCF", (160_000, 215_000)),
        )
    ),
    "tractor": tuple(
        AssetModel(TRACTOR, make, model, wmi, price, (48, 60), True)
        for make, model, wmi, price in (
            ("Scania", "R 450 A4x2NA", "YS2", (420_000, 560_000)),
            ("Volvo", "FH 500 4x2", "YV2", (430_000, 580_000)),
            ("DAF", "XF 480 FT", "XLR", (400_000, 520_000)),
            ("MAN", "TGX 18.470", "WMA", (410_000, 540_000)),
            ("Mercedes-Benz", "Actros 1845 LS", "WDB", (420_000, 570_000)),
        )
    ),
    "trailer": tuple(
        AssetModel(TRAILER, make, model, wmi, price, (48, 60), True)
        for make, model, wmi, price in (
            ("Schmitz Cargobull", "S.KO COOL", "WSM", (190_000, 260_000)),
            ("Krone", "Profi Liner", "WKE", (140_000, 185_000)),
            ("Wielton", "NS 3 K", "SUD", (120_000, 160_000)),
        )
    ),
    "machine": (
        AssetModel("koparko-ładowarka", "JCB", "3CX Eco", None, (380_000, 480_000), (48, 60), False),
        AssetModel("koparka gąsienicowa", "Komatsu", "PC210LC-11", None, (600_000, 820_000), (48, 60), False),
        AssetModel("wózek widłowy", "Linde", "E20 PH", None, (85_000, 140_000), (36, 48), False),
        AssetModel("ładowarka kołowa", "Volvo CE", "L60H", None, (480_000, 620_000), (48, 60), False),
    ),
    "medical": (
        AssetModel("aparat USG", "GE Healthcare", "Voluson E10", None, (280_000, 460_000), (48, 60), False),
        AssetModel(
            "tomograf komputerowy",
            "Siemens Healthineers",
            "Somatom go.Up",
            None,
            (1_900_000, 3_100_000),
            (60,),
            False,
        ),
        AssetModel("aparat RTG", "Philips", "DigitalDiagnost C90", None, (720_000, 1_150_000), (60,), False),
        AssetModel(
            "unit stomatologiczny", "Planmeca", "Compact i5", None, (150_000, 240_000), (48, 60), False
        ),
    ),
    "it": (
        AssetModel("sprzęt IT", "Dell", "PowerEdge R760", None, (90_000, 260_000), (24, 36), False),
        AssetModel(
            "sprzęt IT", "Lenovo", "ThinkPad T14 (zestaw 20 szt.)", None, (120_000, 170_000), (24, 36), False
        ),
    ),
}

INSURERS: tuple[tuple[str, str], ...] = (
    ("PZU SA", "9020"),
    ("TUiR Warta SA", "9081"),
    ("TUiR Allianz Polska SA", "9440"),
    ("Sopockie TU Ergo Hestia SA", "9350"),
    ("Generali TU SA", "9170"),
    ("UNIQA TU SA", "9260"),
    ("Compensa TU SA Vienna Insurance Group", "9510"),
    ("InterRisk TU SA Vienna Insurance Group", "9610"),
)

# insurance type and variants by what is insured; rate = yearly premium as a share of the value
INSURANCE: dict[str, tuple[str, tuple[str, ...], tuple[float, float]]] = {
    "vehicle": (
        "komunikacyjne OC/AC/NNW",
        ("Pakiet Standard", "Pakiet Komfort", "Pakiet Premium"),
        (0.025, 0.045),
    ),
    "machine": (
        "maszyn i urządzeń budowlanych (CPM)",
        ("Wszystkie ryzyka", "Ryzyka nazwane"),
        (0.007, 0.012),
    ),
    "electronic": ("sprzętu elektronicznego (EEI)", ("Pełny zakres", "Zakres podstawowy"), (0.004, 0.008)),
}

FEES: tuple[tuple[str, int], ...] = (
    ("Opłata za rejestrację pojazdu", 250_00),
    ("Opłata za wydanie duplikatu dokumentu", 150_00),
    ("Opłata za zmianę harmonogramu", 300_00),
    ("Opłata za obsługę szkody", 200_00),
    ("Opłata za zgodę na wyjazd za granicę", 100_00),
)

FEMALE_FIRST = (
    "Anna",
    "Katarzyna",
    "Małgorzata",
    "Agnieszka",
    "Joanna",
    "Ewa",
    "Magdalena",
    "Monika",
    "Aleksandra",
    "Natalia",
    "Dorota",
    "Beata",
    "Justyna",
    "Karolina",
    "Paulina",
)
MALE_FIRST = (
    "Piotr",
    "Krzysztof",
    "Tomasz",
    "Paweł",
    "Marcin",
    "Michał",
    "Andrzej",
    "Jakub",
    "Grzegorz",
    "Łukasz",
    "Adam",
    "Mateusz",
    "Wojciech",
    "Rafał",
    "Bartosz",
)
# (male form, female form)
LAST_NAMES = (
    ("Nowak", "Nowak"),
    ("Kowalski", "Kowalska"),
    ("Wiśniewski", "Wiśniewska"),
    ("Wójcik", "Wójcik"),
    ("Kowalczyk", "Kowalczyk"),
    ("Kamiński", "Kamińska"),
    ("Lewandowski", "Lewandowska"),
    ("Zieliński", "Zielińska"),
    ("Szymański", "Szymańska"),
    ("Woźniak", "Woźniak"),
    ("Dąbrowski", "Dąbrowska"),
    ("Kozłowski", "Kozłowska"),
    ("Jankowski", "Jankowska"),
    ("Mazur", "Mazur"),
    ("Krawczyk", "Krawczyk"),
)

# city, postal code prefix, plate area codes, streets
PLACES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "Warszawa",
        "0",
        ("WA", "WB", "WD", "WE", "WF", "WI", "WN", "WPI"),
        ("Marszałkowska", "Puławska", "Grójecka", "Jana Pawła II"),
    ),
    ("Kraków", "3", ("KR", "KK", "KRA", "KWI"), ("Długa", "Wielicka", "Zakopiańska", "Kalwaryjska")),
    ("Poznań", "6", ("PO", "PZ", "PY", "PGN"), ("Głogowska", "Grunwaldzka", "Dąbrowskiego", "Garbary")),
    ("Gdańsk", "8", ("GD", "GA", "GDA", "GKA"), ("Grunwaldzka", "Słowackiego", "Kartuska", "Elbląska")),
    ("Wrocław", "5", ("DW", "DWR", "DTR", "DOL"), ("Legnicka", "Krakowska", "Powstańców Śląskich")),
    ("Łódź", "9", ("EL", "ELW", "EZG", "EPA"), ("Piotrkowska", "Zgierska", "Rzgowska", "Kopcińskiego")),
)

PASSWORD_WORDS = ("Lipa", "Sosna", "Wisla", "Tatry", "Rower", "Jezioro", "Kawa", "Mewa", "Klon", "Bursztyn")
