"""The demonstration world: every assumption the generator makes, as readable tables.

Concerns and their kinds, the real major enterprises (from data/refdata), product
profiles, naming, Belarusian oblast and Russian region weights, growth, seasonality,
prices. Change the story here; ``generator.py`` only turns it into rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from queries import schema

# --------------------------------------------------------------------------------------
# Calibration. Published BY→RU goods exports (by_ru_trade_figures_sourced.csv): 2022
# 22.9 bn (+40.2 %, so 2021 ≈ 16.3 bn), 2023 Jan–Nov 23.0 bn (RU side 23.9 bn for the
# year). 2024–2025: no full-year figure; Q1 2024 −2.5 %, 2025 Jan–Oct turnover +1.8 %
# → assumed roughly flat, slightly down.
ANNUAL_TOTAL_USD_BN = {2021: 16.3, 2022: 22.9, 2023: 23.5, 2024: 23.2, 2025: 22.8}
CURRENT_YEAR_YOY = -0.035  # the partial current year, against the same months last year
START_MONTH = "2021-01"
ROWS_PER_SCALE = 600_000
FULL_ENTERPRISES = 2_000

CONCERNS = [  # concern_id, name_en, name_ru, kind
    ("belneftekhim", "Belneftekhim Concern", "Концерн «Белнефтехим»", "concern"),
    ("bellegprom", "Bellegprom Concern", "Концерн «Беллегпром»", "concern"),
    ("belgospishcheprom", "Belgospishcheprom Concern", "Концерн «Белгоспищепром»", "concern"),
    ("bellesbumprom", "Bellesbumprom Concern", "Концерн «Беллесбумпром»", "concern"),
    ("belavtomaz", "BelAvtoMAZ Holding", "Холдинг «БЕЛАВТОМАЗ»", "holding"),
    ("belaz", "BELAZ-HOLDING", "Холдинг «БЕЛАЗ-ХОЛДИНГ»", "holding"),
    ("mtz", "MTZ-HOLDING", "Холдинг «МТЗ-ХОЛДИНГ»", "holding"),
    ("gomselmash", "Gomselmash Holding", "Холдинг «Гомсельмаш»", "holding"),
    ("amkodor", "AMKODOR Holding", "Холдинг «АМКОДОР»", "holding"),
    ("mmz", "Minsk Motor Plant Holding", "Холдинг «Минский моторный завод»", "holding"),
    ("bmk", "Belarusian Metallurgical Company Holding",
     "Холдинг «Белорусская металлургическая компания»", "holding"),
    ("atlant", "ATLANT", "ЗАО «АТЛАНТ»", "holding"),
    ("horizont", "Horizont Holding", "Холдинг «Горизонт»", "holding"),
    ("integral", "Integral Holding", "Холдинг «Интеграл»", "holding"),
    ("bobruiskagromash", "Bobruiskagromash Holding", "Холдинг «Бобруйскагромаш»", "holding"),
    ("minprom", "Ministry of Industry", "Министерство промышленности", "ministry"),
    ("minagro", "Ministry of Agriculture and Food",
     "Министерство сельского хозяйства и продовольствия", "ministry"),
    ("minstroy", "Ministry of Architecture and Construction",
     "Министерство архитектуры и строительства", "ministry"),
    ("minzdrav", "Ministry of Health", "Министерство здравоохранения", "ministry"),
    ("oblcom-brest", "Brest Oblast Executive Committee", "Брестский облисполком",
     "oblast_committee"),
    ("oblcom-vitebsk", "Vitebsk Oblast Executive Committee", "Витебский облисполком",
     "oblast_committee"),
    ("oblcom-gomel", "Gomel Oblast Executive Committee", "Гомельский облисполком",
     "oblast_committee"),
    ("oblcom-grodno", "Grodno Oblast Executive Committee", "Гродненский облисполком",
     "oblast_committee"),
    ("oblcom-minsk", "Minsk Oblast Executive Committee", "Минский облисполком",
     "oblast_committee"),
    ("oblcom-mogilev", "Mogilev Oblast Executive Committee", "Могилёвский облисполком",
     "oblast_committee"),
    ("minsk-city", "Minsk City Executive Committee", "Минский горисполком",
     "oblast_committee"),
    ("other", "Private and non-subordinate exporters",
     "Частные организации и организации без ведомственной подчинённости", "other"),
]
# Short display names (charts, the shared screen): concern_id → (ru, en, de).
CONCERN_SHORT = {
    "belneftekhim": ("Белнефтехим", "Belneftekhim", "Belneftechim"),
    "bellegprom": ("Беллегпром", "Bellegprom", "Bellegprom"),
    "belgospishcheprom": ("Белгоспищепром", "Belgospishcheprom", "Belgospischtscheprom"),
    "bellesbumprom": ("Беллесбумпром", "Bellesbumprom", "Bellesbumprom"),
    "belavtomaz": ("БЕЛАВТОМАЗ", "BelAvtoMAZ", "BelAvtoMAZ"),
    "belaz": ("БелАЗ", "BelAZ", "BelAZ"),
    "mtz": ("МТЗ", "MTZ", "MTZ"),
    "gomselmash": ("Гомсельмаш", "Gomselmash", "Gomselmasch"),
    "amkodor": ("Амкодор", "Amkodor", "Amkodor"),
    "mmz": ("ММЗ", "MMZ", "MMZ"),
    "bmk": ("БМК", "BMK", "BMK"),
    "atlant": ("Атлант", "Atlant", "Atlant"),
    "horizont": ("Горизонт", "Horizont", "Horizont"),
    "integral": ("Интеграл", "Integral", "Integral"),
    "bobruiskagromash": ("Бобруйскагромаш", "Bobruiskagromash", "Bobruiskagromasch"),
    "minprom": ("Минпром", "Min. of Industry", "Industrieministerium"),
    "minagro": ("Минсельхозпрод", "Min. of Agriculture", "Agrarministerium"),
    "minstroy": ("Минстройархитектуры", "Min. of Construction", "Bauministerium"),
    "minzdrav": ("Минздрав", "Min. of Health", "Gesundheitsministerium"),
    "oblcom-brest": ("Брестский облисполком", "Brest Obl. EC", "Gebietskomitee Brest"),
    "oblcom-vitebsk": ("Витебский облисполком", "Vitebsk Obl. EC", "Gebietskomitee Witebsk"),
    "oblcom-gomel": ("Гомельский облисполком", "Gomel Obl. EC", "Gebietskomitee Homel"),
    "oblcom-grodno": ("Гродненский облисполком", "Grodno Obl. EC", "Gebietskomitee Hrodna"),
    "oblcom-minsk": ("Минский облисполком", "Minsk Obl. EC", "Gebietskomitee Minsk"),
    "oblcom-mogilev": ("Могилёвский облисполком", "Mogilev Obl. EC",
                       "Gebietskomitee Mahiljou"),
    "minsk-city": ("Мингорисполком", "Minsk City EC", "Stadtkomitee Minsk"),
    "other": ("Прочие организации", "Other exporters", "Sonstige Exporteure"),
}
OBLCOM_OBLAST = {"oblcom-brest": "BY-BR", "oblcom-vitebsk": "BY-VI", "oblcom-gomel": "BY-HO",
                 "oblcom-grodno": "BY-HR", "oblcom-minsk": "BY-MI", "oblcom-mogilev": "BY-MA",
                 "minsk-city": "BY-HM"}
HOLDING_CONCERN = {"BelAvtoMAZ holding": "belavtomaz", "BELAZ-HOLDING": "belaz",
                   "MTZ-HOLDING": "mtz", "Gomselmash holding": "gomselmash",
                   "AMKODOR holding": "amkodor", "MMZ holding": "mmz", "BMK holding": "bmk",
                   "ATLANT": "atlant", "Horizont holding": "horizont",
                   "Integral holding": "integral",
                   "Bobruiskagromash holding": "bobruiskagromash"}
GROUP_CONCERN = {"Ministry of Industry": "minprom", "Belneftekhim concern": "belneftekhim",
                 "Bellegprom concern": "bellegprom",
                 "Belgospishcheprom concern": "belgospishcheprom",
                 "Ministry of Agriculture and Food": "minagro"}  # anything else: "other"
MACHINERY_CONCERNS = ("belavtomaz", "belaz", "mtz", "gomselmash", "amkodor", "mmz", "bmk",
                      "atlant", "horizont", "integral", "bobruiskagromash", "minprom")

# Major enterprises (refdata by_enterprises.csv, keyed by enterprise_en): assumed 2021
# exports to Russia in USD mn, product profile, unit-price multiplier.
MAJORS = {
    "MAZ (Minsk Automobile Plant)": (700, "vehicles", 1.0),
    "BelAZ": (330, "vehicles", 20.0),  # mining dump trucks cost ~1.3 mn USD each
    "MTZ (Minsk Tractor Works), brand BELARUS": (850, "ag_machinery", 1.0),
    "Bobruisk Tractor Parts and Units Plant": (60, "vehicles", 1.0),
    "Smorgon Aggregate Plant": (40, "ag_machinery", 0.3),
    "Gomselmash": (450, "ag_machinery", 1.0),
    "Amkodor": (260, "vehicles", 1.0),
    "Minsk Motor Plant": (170, "vehicles", 1.0),
    "Belarusian Steel Works (BMZ)": (650, "metals", 1.0),
    "Atlant": (300, "electrical", 1.0),
    "Horizont": (110, "electrical", 1.0),
    "Integral": (70, "electrical", 1.0),
    "Bobruiskagromash": (90, "ag_machinery", 1.0),
    "Lidagroprommash": (55, "ag_machinery", 1.0),
    "Belshina": (300, "chemicals", 1.0),
    "Grodno Azot": (330, "chemicals", 1.0),
    "Naftan (incl. Polymir plant)": (380, "oil", 1.0),
    "Mozyr Oil Refinery": (420, "oil", 1.0),
    "Belorusneft": (140, "oil", 1.0),
    "Mogilevkhimvolokno": (190, "chemicals", 1.0),
    "SvetlogorskKhimvolokno": (110, "chemicals", 1.0),
    "Gomel Chemical Plant": (95, "chemicals", 1.0),
    "Lakokraska": (60, "chemicals", 1.0),
    "Polotsk-Steklovolokno": (140, "chemicals", 1.0),
    "Belaruskali": (150, "chemicals", 1.0),
    "Orsha Linen Mill": (40, "textiles", 1.0),
    "Kamvol": (30, "textiles", 1.0),
    "Mogotex": (35, "textiles", 1.0),
    "Baranovichi Cotton Production Association": (40, "textiles", 1.0),
    "Svitanok": (40, "garments", 1.0),
    "Kupalinka": (25, "garments", 1.0),
    "Elema": (22, "garments", 1.0),
    "Brest Hosiery Mill": (40, "garments", 1.0),
    "Marko (footwear)": (80, "footwear", 1.0),
    "Belwest (footwear)": (60, "footwear", 1.0),
    "Milavitsa": (50, "garments", 1.0),
    "Kommunarka": (60, "confectionery", 1.0),
    "Spartak": (50, "confectionery", 1.0),
    "Krasny Pishchevik": (35, "confectionery", 1.0),
    "Slodych": (25, "confectionery", 1.0),
    "Minsk Crystal": (40, "beverages", 1.0),
    "Krinitsa brewery": (20, "beverages", 1.0),
    "Slutsk Sugar Refinery": (80, "other_food", 1.0),
    "Gorodeya Sugar Plant": (70, "other_food", 1.0),
    "Zhabinka Sugar Plant": (50, "other_food", 1.0),
    "Skidel Sugar Plant": (60, "other_food", 1.0),
    "Babushkina Krynka (Mogilev Dairy Company)": (200, "dairy", 1.0),
    "Minsk Dairy Plant No. 1": (140, "dairy", 1.0),
    "Molochny Mir": (160, "dairy", 1.0),
    "Slutsk Cheese-Making Combine": (190, "dairy", 1.0),
    "Berezovsky Cheese-Making Combine": (160, "dairy", 1.0),
    "Rogachev Dairy Canning Combine": (150, "dairy", 1.0),
    "Glubokoe Dairy Canning Combine": (120, "dairy", 1.0),
    "Savushkin Product": (300, "dairy", 1.0),
    "Brest Meat Combine": (100, "meat", 1.0),
    "Grodno Meat Combine": (120, "meat", 1.0),
    "Minsk Meat Plant": (110, "meat", 1.0),
    "Vitebsk Meat Combine": (90, "meat", 1.0),
    "Gomel Meat Combine": (100, "meat", 1.0),
    "Mogilev Meat Combine": (90, "meat", 1.0),
}


@dataclass(frozen=True)
class Profile:
    group: str  # growth path and current-year trend
    season: str
    median_mn: float  # median 2021 exports of a generated enterprise, USD mn
    headings: str  # candidate headings, most common first
    nouns: tuple = ()  # (Russian noun phrase, gender m/f/n, English, forced legal form)
    brands: tuple = ()  # (Russian, English) endings of private brand names


PROFILES = {
    "dairy": Profile("dairy", "food", 2.5, "0406 0402 0401 0405 0403 0404 2105", (
        ("молочный комбинат", "m", "Dairy Combine", None),
        ("маслосырзавод", "m", "Butter and Cheese Plant", None),
        ("сыродельный комбинат", "m", "Cheese-Making Combine", None),
        ("молочноконсервный комбинат", "m", "Dairy Canning Combine", None),
        ("гормолзавод", "m", "City Dairy", None)),
        (("молпродукт", "molprodukt"), ("сыр", "syr"), ("милк", "milk"))),
    "meat": Profile("meat", "food", 3.0, "1601 0203 0201 0207 1602 0210 0206 0202 0504", (
        ("мясокомбинат", "m", "Meat Combine", None),
        ("мясоконсервный комбинат", "m", "Meat Canning Combine", None),
        ("птицефабрика", "f", "Poultry Farm", None),
        ("беконный комбинат", "m", "Bacon Combine", None),
        ("мясоперерабатывающий завод", "m", "Meat Processing Plant", None)),
        (("мясопродукт", "myasoprodukt"), ("бройлер", "broiler"), ("мит", "meat"))),
    "agri": Profile("food_other", "harvest", 1.0,
                    "0701 0713 1003 1001 1107 1205 0810 0811 0710 2001 2007 2009 1101 "
                    "5301 2309 1214 0808 1005", (
        ("плодоовощной комбинат", "m", "Fruit and Vegetable Combine", None),
        ("консервный завод", "m", "Cannery", None),
        ("комбинат хлебопродуктов", "m", "Grain Products Combine", None),
        ("льнозавод", "m", "Flax Mill", None),
        ("агрокомбинат", "m", "Agro-Combine", None),
        ("комбикормовый завод", "m", "Feed Mill", None)),
        (("агро", "agro"), ("агропродукт", "agroprodukt"), ("фрукт", "frukt"))),
    "confectionery": Profile("food_other", "holiday", 2.0, "1806 1704 1905 1904 2106 1902", (
        ("кондитерская фабрика", "f", "Confectionery Factory", None),
        ("хлебозавод", "m", "Bakery", None),
        ("хлебокомбинат", "m", "Bread Combine", None),
        ("макаронная фабрика", "f", "Pasta Factory", None)),
        (("конфи", "konfi"), ("хлеб", "khleb"), ("бисквит", "biskvit"))),
    "beverages": Profile("food_other", "holiday", 1.2, "2202 2203 2208 2201 2204 2206 2209", (
        ("пивоваренный завод", "m", "Brewery", None),
        ("ликёро-водочный завод", "m", "Distillery", None),
        ("винодельческий завод", "m", "Winery", None),
        ("завод безалкогольных напитков", "m", "Soft Drinks Plant", None)),
        (("напитки", "napitki"), ("аква", "aqua"), ("пиво", "pivo"))),
    "other_food": Profile("food_other", "food", 2.0,
                          "0304 1604 0302 1605 1512 1514 1517 2103 2104 1701", (
        ("рыбоперерабатывающий завод", "m", "Fish Processing Plant", None),
        ("масложировой комбинат", "m", "Oil and Fat Combine", None),
        ("комбинат пищевых концентратов", "m", "Food Concentrates Combine", None),
        ("пищевой комбинат", "m", "Food Combine", None)),
        (("фиш", "fish"), ("продукт", "produkt"), ("фуд", "food"))),
    "textiles": Profile("textile", "apparel", 1.5,
                        "5208 5209 5407 5513 5309 5112 5211 5512 5515 5702 5703 5801 6006", (
        ("текстильная фабрика", "f", "Textile Mill", None),
        ("льнокомбинат", "m", "Linen Combine", None),
        ("ковровый комбинат", "m", "Carpet Combine", None),
        ("прядильная фабрика", "f", "Spinning Mill", None),
        ("ткацкая фабрика", "f", "Weaving Mill", None)),
        (("текстиль", "tekstil"), ("текс", "tex"), ("лён", "lyon"))),
    "garments": Profile("textile", "apparel", 0.8,
                        "6204 6203 6109 6110 6104 6108 6202 6201 6206 6211 6212 6115 6106 6302",
                        (("швейная фабрика", "f", "Garment Factory", None),
                         ("трикотажная фабрика", "f", "Knitwear Factory", None),
                         ("чулочно-носочная фабрика", "f", "Hosiery Mill", None),
                         ("фабрика верхней одежды", "f", "Outerwear Factory", None)),
                        (("стиль", "stil"), ("мода", "moda"), ("трикотаж", "trikotazh"))),
    "footwear": Profile("textile", "apparel", 1.0, "6403 6402 6404 6405 4202 4107", (
        ("обувная фабрика", "f", "Footwear Factory", None),
        ("кожевенный завод", "m", "Tannery", None),
        ("галантерейная фабрика", "f", "Leather Goods Factory", None)),
        (("обувь", "obuv"), ("шуз", "shoes"), ("кожа", "kozha"))),
    "chemicals": Profile("chem", "flat", 2.5,
                         "3923 3920 3917 3921 3926 3208 3209 3402 4016 4009 3901 3902 3907 2815 "
                         "2814 2933 3105 3214 5402 5503", (
        ("химический завод", "m", "Chemical Plant", None),
        ("завод пластмасс", "m", "Plastics Plant", None),
        ("завод полимерных изделий", "m", "Polymer Products Plant", None),
        ("завод резинотехнических изделий", "m", "Rubber Products Plant", None),
        ("лакокрасочный завод", "m", "Paint and Varnish Plant", None),
        ("завод бытовой химии", "m", "Household Chemicals Plant", None)),
        (("пласт", "plast"), ("хим", "khim"), ("полимер", "polimer"))),
    "oil": Profile("oil", "flat", 50.0, "2710 2711 2713 3901"),
    "metals": Profile("metal", "flat", 2.5,
                      "7308 7326 7318 7306 7325 7214 7213 7217 7312 7208 7610 7616", (
        ("литейный завод", "m", "Foundry", None),
        ("метизный завод", "m", "Hardware Plant", None),
        ("трубный завод", "m", "Pipe Plant", None),
        ("завод металлоконструкций", "m", "Steel Structures Plant", None)),
        (("металл", "metall"), ("литмаш", "litmash"), ("сталь", "stal"))),
    "ag_machinery": Profile("agmach", "spring", 2.5, "8433 8432 8436 8701 8708 8424 8437 8716", (
        ("завод сельскохозяйственного машиностроения", "m", "Agricultural Machinery Plant",
         None),
        ("машиностроительный завод", "m", "Machine-Building Plant", None),
        ("ремонтный завод", "m", "Repair Plant", None),
        ("агрегатный завод", "m", "Aggregate Plant", None)),
        (("агромаш", "agromash"), ("сельмаш", "selmash"), ("агротехника", "agrotekhnika"))),
    "vehicles": Profile("vehicles", "vehicles", 3.0,
                        "8708 8704 8716 8429 8431 8427 8430 8408 8409 8483 8482 8413 8702 8705 "
                        "8426 8414 8407", (
        ("автоагрегатный завод", "m", "Automotive Units Plant", None),
        ("завод карданных валов", "m", "Cardan Shaft Plant", None),
        ("завод подъёмно-транспортного оборудования", "m", "Hoisting Equipment Plant", None),
        ("рессорный завод", "m", "Spring Plant", None),
        ("редукторный завод", "m", "Gearbox Plant", None),
        ("подшипниковый завод", "m", "Bearing Plant", None),
        ("завод гидроагрегатов", "m", "Hydraulic Units Plant", None),
        ("завод автомобильных прицепов", "m", "Trailer Plant", None)),
        (("автодеталь", "avtodetal"), ("гидромаш", "gidromash"), ("трак", "truck"))),
    "machine_tools": Profile("machinery", "flat", 1.5,
                             "8479 8481 8474 8466 8458 8459 8460 8461 8462 8467 8419 8422 8418 "
                             "8414", (
        ("станкостроительный завод", "m", "Machine-Tool Plant", None),
        ("завод технологического оборудования", "m", "Process Equipment Plant", None),
        ("инструментальный завод", "m", "Tool Plant", None),
        ("завод торгового оборудования", "m", "Commercial Equipment Plant", None),
        ("механический завод", "m", "Mechanical Plant", None)),
        (("станкомаш", "stankomash"), ("техмаш", "tekhmash"), ("промтех", "promtekh"))),
    "electrical": Profile("electrical", "flat", 2.0,
                          "8536 8544 8537 8504 8501 8516 8543 8517 9405 9028 9026 9032 8531 "
                          "8535 8502 8539 8528 8418 8450 8541 8542 8523", (
        ("электротехнический завод", "m", "Electrical Engineering Plant", None),
        ("завод электроизделий", "m", "Electrical Products Plant", None),
        ("радиозавод", "m", "Radio Plant", None),
        ("приборостроительный завод", "m", "Instrument-Making Plant", None),
        ("кабельный завод", "m", "Cable Plant", None),
        ("электромеханический завод", "m", "Electromechanical Plant", None),
        ("светотехнический завод", "m", "Lighting Plant", None)),
        (("электро", "elektro"), ("энерго", "energo"), ("прибор", "pribor"),
         ("кабель", "kabel"))),
    "wood": Profile("wood", "autumn", 1.5, "9403 4407 4412 4410 4411 4418 9401 4409 4408 4403 9404",
                    (("деревообрабатывающий комбинат", "m", "Woodworking Combine", None),
                     ("мебельная фабрика", "f", "Furniture Factory", None),
                     ("фанерный комбинат", "m", "Plywood Mill", None),
                     ("лесхоз", "m", "Forestry Enterprise", "ГЛХУ")),
                    (("мебель", "mebel"), ("лес", "les"), ("вуд", "wood"))),
    "paper": Profile("wood", "flat", 2.0, "4819 4818 4810 4802 4808 4804 4823", (
        ("бумажная фабрика", "f", "Paper Mill", None),
        ("картонная фабрика", "f", "Cardboard Mill", None),
        ("картонажно-полиграфический комбинат", "m", "Packaging and Printing Combine", None)),
        (("пак", "pack"), ("бумпром", "bumprom"), ("картон", "karton"))),
    "construction": Profile("construction", "summer", 2.0,
                            "6810 2523 6904 7010 7013 7005 6907 6910 6815 6806 6807 7308 7019 "
                            "2517 6802 6905 7003 7007", (
        ("комбинат строительных материалов", "m", "Building Materials Combine", None),
        ("цементный завод", "m", "Cement Plant", None),
        ("кирпичный завод", "m", "Brick Works", None),
        ("стекольный завод", "m", "Glassworks", None),
        ("завод железобетонных изделий", "m", "Reinforced Concrete Products Plant", None),
        ("керамический завод", "m", "Ceramics Plant", None),
        ("комбинат силикатных изделий", "m", "Silicate Products Combine", None)),
        (("стройматериалы", "stroimaterialy"), ("керамика", "keramika"), ("бетон", "beton"))),
    "pharma": Profile("pharma", "flat", 2.0, "3004 3003 3002 3006 3005 9018 9021 9019 4015 9022", (
        ("фармацевтический завод", "m", "Pharmaceutical Plant", None),
        ("завод медицинских препаратов", "m", "Medical Preparations Plant", None),
        ("завод медицинской техники", "m", "Medical Equipment Plant", None)),
        (("фарм", "farm"), ("мед", "med"), ("медтехника", "medtekhnika"))),
    "local": Profile("local", "flat", 0.25, "9403 4421 6302 6307 6911 7323 3924 9503 4602", (
        ("завод товаров народного потребления", "m", "Consumer Goods Plant", None),
        ("фабрика художественных изделий", "f", "Handicraft Factory", None),
        ("комбинат бытовых изделий", "m", "Household Goods Combine", None)),
        (("быт", "byt"), ("промсервис", "promservis"), ("ремесло", "remeslo"))),
}
FOOD_PROFILES = {"dairy", "meat", "agri", "confectionery", "beverages", "other_food"}

_OBLCOM_MIX = {"dairy": .16, "meat": .15, "agri": .25, "confectionery": .1, "local": .24,
               "construction": .1}
# Generated (non-major) enterprises per concern at full size, and their product mix.
CONCERN_SMALL = {
    "belavtomaz": (12, {"vehicles": 1}), "belaz": (6, {"vehicles": 1}),
    "mtz": (14, {"ag_machinery": .5, "vehicles": .5}), "gomselmash": (8, {"ag_machinery": 1}),
    "amkodor": (10, {"vehicles": .8, "ag_machinery": .2}), "mmz": (3, {"vehicles": 1}),
    "bmk": (4, {"metals": 1}), "atlant": (4, {"electrical": 1}),
    "horizont": (8, {"electrical": 1}), "integral": (6, {"electrical": 1}),
    "bobruiskagromash": (8, {"ag_machinery": 1}),
    "minprom": (110, {"vehicles": .2, "machine_tools": .3, "electrical": .3, "metals": .15,
                      "ag_machinery": .05}),
    "belneftekhim": (45, {"chemicals": 1}),
    "bellegprom": (90, {"textiles": .25, "garments": .5, "footwear": .25}),
    "belgospishcheprom": (95, {"confectionery": .35, "beverages": .3, "other_food": .25,
                               "agri": .1}),
    "bellesbumprom": (50, {"wood": .75, "paper": .25}),
    "minagro": (260, {"dairy": .12, "meat": .15, "agri": .55, "other_food": .18}),
    "minstroy": (75, {"construction": 1}), "minzdrav": (25, {"pharma": 1}),
    "oblcom-brest": (70, _OBLCOM_MIX), "oblcom-vitebsk": (55, _OBLCOM_MIX),
    "oblcom-gomel": (60, _OBLCOM_MIX), "oblcom-grodno": (65, _OBLCOM_MIX),
    "oblcom-minsk": (75, _OBLCOM_MIX), "oblcom-mogilev": (50, _OBLCOM_MIX),
    "minsk-city": (60, {"dairy": .05, "meat": .1, "confectionery": .2, "other_food": .15,
                        "local": .35, "construction": .15}),
    "other": (672, {"dairy": .06, "meat": .04, "agri": .05, "confectionery": .06,
                    "other_food": .06, "beverages": .03, "garments": .08, "footwear": .04,
                    "textiles": .03, "chemicals": .1, "metals": .07, "machine_tools": .07,
                    "electrical": .09, "vehicles": .05, "wood": .1, "paper": .02,
                    "construction": .03, "pharma": .02}),
}
LEGAL_EN = {"ОАО": "OJSC", "ЗАО": "CJSC", "ООО": "LLC", "СООО": "JV LLC", "ИООО": "FLLC",
            "УП": "UE", "РУП": "RUE", "КУП": "CUE", "КПУП": "CPUE", "ЧПУП": "PPUE",
            "ГЛХУ": "SFI"}
LEGAL_STATE = {"ОАО": .8, "РУП": .08, "УП": .12}
LEGAL_BY_KIND = {"oblast_committee": {"ОАО": .45, "КУП": .2, "КПУП": .15, "УП": .2},
                 "other": {"ООО": .45, "ЗАО": .12, "СООО": .12, "ЧПУП": .15, "ИООО": .06,
                           "ОАО": .1}}
BRAND_PREFIXES = (("Бел", "Bel"), ("Мин", "Min"), ("Вит", "Vit"), ("Гом", "Gom"),
                  ("Евро", "Euro"), ("Интер", "Inter"), ("Нёман", "Neman-"),
                  ("Полесье", "Polesye-"), ("Двина", "Dvina-"), ("Припять", "Pripyat-"),
                  ("Зубр", "Zubr-"), ("Сож", "Sozh-"), ("Берестье", "Berestye-"),
                  ("Вилия", "Viliya-"))
BRAND_SUFFIXES = (("Плюс", "Plus"), ("Трейд", "Trade"), ("Групп", "Group"),
                  ("Экспорт", "Export"), ("Про", "Pro"), ("Сервис", "Service"))

# Belarusian towns: masculine Russian adjective, English name, relative weight.
CITIES = {
    "BY-HM": "Минский:Minsk:1",
    "BY-MI": "Борисовский:Borisov:5 Солигорский:Soligorsk:4 Молодечненский:Molodechno:4 "
             "Жодинский:Zhodino:3 Слуцкий:Slutsk:3 Дзержинский:Dzerzhinsk:2 Вилейский:Vileyka:2 "
             "Марьиногорский:Maryina_Gorka:2 Несвижский:Nesvizh:1.5 Смолевичский:Smolevichi:1.5 "
             "Столбцовский:Stolbtsy:1.5 Логойский:Logoisk:1 Копыльский:Kopyl:1 Клецкий:Kletsk:1 "
             "Червенский:Cherven:1 Узденский:Uzda:1 Крупский:Krupki:1 Любанский:Luban:1 "
             "Березинский:Berezino:1 Фанипольский:Fanipol:1.5",
    "BY-BR": "Брестский:Brest:6 Барановичский:Baranovichi:4 Пинский:Pinsk:4 Кобринский:Kobrin:2 "
             "Березовский:Bereza:1.5 Лунинецкий:Luninets:1.5 Ивановский:Ivanovo:1 "
             "Пружанский:Pruzhany:1.5 Ивацевичский:Ivatsevichi:1 Столинский:Stolin:1 "
             "Дрогичинский:Drogichin:1 Жабинковский:Zhabinka:1 Каменецкий:Kamenets:1 "
             "Ляховичский:Lyakhovichi:1",
    "BY-VI": "Витебский:Vitebsk:6 Оршанский:Orsha:4 Новополоцкий:Novopolotsk:3 Полоцкий:Polotsk:3 "
             "Глубокский:Glubokoye:1.5 Лепельский:Lepel:1.5 Поставский:Postavy:1.5 "
             "Браславский:Braslav:1 Городокский:Gorodok:1 Толочинский:Tolochin:1 "
             "Докшицкий:Dokshitsy:1 Миорский:Miory:1",
    "BY-HO": "Гомельский:Gomel:7 Мозырский:Mozyr:3 Жлобинский:Zhlobin:3 Светлогорский:Svetlogorsk:2.5 "
             "Речицкий:Rechitsa:2.5 Калинковичский:Kalinkovichi:1.5 Рогачёвский:Rogachev:1.5 "
             "Добрушский:Dobrush:1.5 Житковичский:Zhitkovichi:1 Хойникский:Khoiniki:1 "
             "Петриковский:Petrikov:1 Ельский:Yelsk:1",
    "BY-HR": "Гродненский:Grodno:6 Лидский:Lida:4 Слонимский:Slonim:2.5 Волковысский:Volkovysk:2.5 "
             "Новогрудский:Novogrudok:2 Сморгонский:Smorgon:2 Ошмянский:Oshmyany:1 "
             "Щучинский:Shchuchin:1 Мостовский:Mosty:1.5 Ивьевский:Ivye:1 Скидельский:Skidel:1 "
             "Островецкий:Ostrovets:1",
    "BY-MA": "Могилёвский:Mogilev:6 Бобруйский:Bobruisk:5 Горецкий:Gorki:1.5 "
             "Осиповичский:Osipovichi:1.5 Кричевский:Krichev:1.5 Быховский:Bykhov:1 "
             "Климовичский:Klimovichi:1 Шкловский:Shklov:1.5 Костюковичский:Kostyukovichi:1 "
             "Чериковский:Cherikov:1 Мстиславский:Mstislavl:1",
}
OBLAST_WEIGHT = {"BY-HM": .24, "BY-MI": .17, "BY-BR": .13, "BY-HR": .12, "BY-HO": .12,
                 "BY-VI": .11, "BY-MA": .11}
# First digit of a legal entity's UNP by oblast (tax-registration numbering, which is not
# the SOATO order in by_regions.csv): 1 Minsk city, 2 Brest, 3 Vitebsk, 4 Gomel,
# 5 Grodno, 6 Minsk oblast, 7 Mogilev.
UNP_PREFIX = {"BY-HM": "1", "BY-BR": "2", "BY-VI": "3", "BY-HO": "4", "BY-HR": "5",
              "BY-MI": "6", "BY-MA": "7"}

# ASSUMPTION: relative weight of each Russian region as a market for Belarusian goods.
# refdata has no population or GRP column; these are rough guesses from economic size
# with the border regions (Smolensk, Bryansk, Pskov) over-weighted for Belarus.
#   region  weight  short name used in distribution-subject names
REGION_TABLE = """
RU-MOW 100 Москва        RU-MOS 45 Подмосковье      RU-SPE 40 Санкт-Петербург
RU-LEN 12 Ленобласть     RU-SMO 14 Смоленск         RU-BRY 12 Брянск
RU-PSK 7 Псков           RU-KLU 7 Калуга            RU-TVE 7 Тверь
RU-TUL 7 Тула            RU-KGD 6 Калининград       RU-TA 14 Казань
RU-SVE 14 Екатеринбург   RU-KDA 14 Краснодар        RU-NIZ 12 Нижний_Новгород
RU-SAM 10 Самара         RU-ROS 12 Ростов-на-Дону   RU-BA 9 Уфа
RU-CHE 9 Челябинск       RU-NVS 8 Новосибирск       RU-KHM 7 Сургут
RU-YAN 3 Новый_Уренгой   RU-TYU 6 Тюмень            RU-VOR 8 Воронеж
RU-BEL 6 Белгород        RU-LIP 5 Липецк            RU-KRS 4 Курск
RU-ORL 4 Орёл            RU-RYA 4 Рязань            RU-VLA 4 Владимир
RU-YAR 5 Ярославль       RU-IVA 3 Иваново           RU-KOS 2 Кострома
RU-TAM 3 Тамбов          RU-PER 7 Пермь             RU-UD 4 Ижевск
RU-CU 3 Чебоксары        RU-ME 1.5 Йошкар-Ола       RU-MO 2 Саранск
RU-PNZ 3 Пенза           RU-ULY 3 Ульяновск         RU-SAR 5 Саратов
RU-ORE 5 Оренбург        RU-KIR 3 Киров             RU-VGG 6 Волгоград
RU-AST 2 Астрахань       RU-KL 0.6 Элиста           RU-AD 1 Майкоп
RU-KR 2 Петрозаводск     RU-KO 3 Сыктывкар          RU-ARK 3 Архангельск
RU-VLG 4 Вологда         RU-MUR 3 Мурманск          RU-NGR 3 Великий_Новгород
RU-NEN 0.3 Нарьян-Мар    RU-KEM 5 Кемерово          RU-KYA 7 Красноярск
RU-IRK 5 Иркутск         RU-OMS 5 Омск              RU-TOM 3 Томск
RU-ALT 4 Барнаул         RU-KK 1.2 Абакан           RU-TY 0.3 Кызыл
RU-AL 0.3 Горно-Алтайск  RU-KGN 2 Курган            RU-PRI 3 Владивосток
RU-KHA 3 Хабаровск       RU-SA 2 Якутск             RU-AMU 1.2 Благовещенск
RU-SAK 1.5 Южно-Сахалинск RU-KAM 0.6 Петропавловск-Камчатский RU-MAG 0.4 Магадан
RU-CHU 0.15 Анадырь      RU-YEV 0.3 Биробиджан      RU-BU 1 Улан-Удэ
RU-ZAB 1 Чита            RU-DA 1.5 Махачкала        RU-CE 0.6 Грозный
RU-IN 0.2 Магас          RU-KB 0.6 Нальчик          RU-KC 0.4 Черкесск
RU-SE 0.6 Владикавказ    RU-STA 5 Ставрополь
"""

# Growth path of each product group, 2021 = 1 (later years repeat 2025); the current
# year is set per enterprise from CURRENT_GROWTH instead.
GROUP_INDEX = {
    "dairy": (1.00, 1.10, 1.12, 1.12, 1.13), "meat": (1.00, 1.25, 1.30, 1.32, 1.35),
    "food_other": (1.00, 1.35, 1.40, 1.42, 1.45), "chem": (1.00, 1.60, 1.50, 1.45, 1.40),
    "oil": (1.00, 1.90, 1.80, 1.70, 1.60), "metal": (1.00, 1.50, 1.55, 1.45, 1.35),
    "agmach": (1.00, 1.45, 1.60, 1.55, 1.45), "vehicles": (1.00, 1.45, 1.70, 1.65, 1.50),
    "machinery": (1.00, 1.40, 1.60, 1.55, 1.45), "electrical": (1.00, 1.45, 1.60, 1.55, 1.45),
    "textile": (1.00, 1.30, 1.35, 1.30, 1.25), "wood": (1.00, 1.55, 1.50, 1.45, 1.40),
    "construction": (1.00, 1.40, 1.50, 1.45, 1.40), "pharma": (1.00, 1.30, 1.40, 1.50, 1.55),
    "local": (1.00, 1.20, 1.25, 1.25, 1.25),
}
CURRENT_GROWTH = {"agmach": -.20, "vehicles": -.18, "machinery": -.14, "electrical": -.13,
                  "metal": -.12, "dairy": .09, "meat": .10, "food_other": .07, "chem": -.03,
                  "oil": -.05, "textile": -.02, "wood": 0.0, "construction": -.04,
                  "pharma": .05, "local": .05}
FALLING_GROUPS = {"agmach", "vehicles", "machinery", "electrical", "metal"}
GROWING_GROUPS = {"dairy", "meat", "food_other"}
SEASON = {  # January .. December
    "flat": (.82, .95, 1.03, 1.02, 1.0, 1.02, .98, 1.0, 1.03, 1.05, 1.03, 1.07),
    "food": (.80, .90, 1.0, .98, 1.0, 1.0, 1.0, 1.02, 1.03, 1.07, 1.08, 1.18),
    "holiday": (.70, .85, .95, .92, .90, .88, .88, .95, 1.05, 1.15, 1.30, 1.45),
    "spring": (.65, .95, 1.35, 1.45, 1.30, 1.05, .95, .90, .90, .85, .80, .85),
    "vehicles": (.75, .95, 1.12, 1.10, 1.05, 1.0, .98, .98, 1.05, 1.05, 1.0, .97),
    "summer": (.60, .70, .85, 1.0, 1.15, 1.25, 1.30, 1.28, 1.15, 1.0, .85, .75),
    "harvest": (.80, .85, .90, .90, .85, .85, .95, 1.10, 1.20, 1.25, 1.15, 1.10),
    "apparel": (.75, .95, 1.15, 1.10, .95, .85, .85, 1.0, 1.15, 1.15, 1.05, 1.05),
    "autumn": (.80, .92, 1.0, 1.02, 1.02, 1.0, .98, 1.02, 1.05, 1.07, 1.05, 1.05),
}
# Unit prices, USD per piece for PIECE_HEADINGS, else per tonne (chapter default).
PIECE_PRICE = {
    "8701": 40000, "8702": 120000, "8704": 65000, "8705": 90000, "8708": 120, "8716": 18000,
    "8429": 95000, "8426": 150000, "8427": 30000, "8430": 60000, "8431": 300, "8432": 9000,
    "8433": 140000, "8436": 12000, "8437": 50000, "8424": 7000, "8407": 1500, "8408": 5500,
    "8409": 150, "8413": 400, "8414": 600, "8418": 320, "8419": 2500, "8422": 5000,
    "8450": 280, "8458": 40000, "8459": 25000, "8460": 20000, "8461": 15000, "8462": 60000,
    "8466": 30, "8467": 80, "8474": 20000, "8479": 8000, "8481": 25, "8482": 6, "8483": 90,
    "8501": 150, "8502": 9000, "8504": 80, "8516": 35, "8517": 90, "8523": 3, "8528": 230,
    "8531": 50, "8535": 900, "8536": 4, "8537": 700, "8539": 1.5, "8541": 0.4, "8542": 0.8,
    "8543": 150, "9026": 120, "9028": 40, "9032": 90, "9018": 50, "9019": 300, "9021": 20,
    "9022": 40000, "9401": 60, "9403": 120, "9404": 40, "9405": 25, "9503": 5, "4011": 110,
    "6104": 14, "6106": 9, "6107": 4, "6108": 4, "6109": 5, "6110": 12, "6115": 1.2,
    "6201": 45, "6202": 40, "6203": 30, "6204": 22, "6206": 12, "6211": 20, "6212": 7,
    "6402": 12, "6403": 45, "6404": 15, "6405": 10, "4202": 15,
}
TONNE_PRICE_BY_CHAPTER = {
    "02": 3500, "03": 3000, "04": 3800, "05": 1500, "07": 500, "08": 1200, "10": 220,
    "11": 400, "12": 450, "15": 1100, "16": 4200, "17": 600, "18": 6500, "19": 3200,
    "20": 1300, "21": 3500, "22": 1100, "23": 350, "25": 60, "27": 620, "28": 400,
    "29": 1800, "30": 25000, "31": 330, "32": 2200, "34": 1500, "39": 1600, "40": 3000,
    "41": 5000, "44": 300, "46": 2000, "48": 900, "53": 2500, "54": 3000, "55": 3000,
    "57": 4000, "63": 5000, "68": 150, "69": 400, "70": 800, "72": 650, "73": 1500,
    "76": 4000, "85": 6000,
}
TONNE_PRICE_BY_HEADING = {"2208": 2500, "2711": 300, "7019": 2500, "2709": 480, "3104": 300}
CAUSES = schema.RECEIVABLE_CAUSES
SUBJECT_MIX = {  # concern -> (subjects, brand in names)
    "mtz": (55, "Беларус"), "belavtomaz": (45, "МАЗ"), "gomselmash": (30, "Гомсельмаш"),
    "amkodor": (30, "Амкодор"), "belaz": (12, "БЕЛАЗ"), "mmz": (8, "ММЗ"), "bmk": (15, "БМК"),
    "atlant": (20, "Атлант"), "horizont": (15, "Горизонт"), "integral": (5, "Интеграл"),
    "bobruiskagromash": (15, "Бобруйскагромаш"), "minprom": (30, "Белпромтехника"),
    "belneftekhim": (45, "Белнефтехим"), "bellegprom": (30, "Беллегпром"),
    "bellesbumprom": (20, "Белорусская мебель"), "belgospishcheprom": (10, "Белпищепром"),
    "minagro": (10, "Белорусские продукты"), "minstroy": (5, "Белстройматериалы"),
}
SURNAMES = ("Иванов", "Ковалёв", "Новиков", "Мельников", "Кравченко", "Шевченко", "Козлов",
            "Лукашевич", "Петрович", "Романович", "Жуков", "Гончаров", "Савицкий", "Климович",
            "Бондаренко", "Михайлов", "Ткачук", "Дашкевич")
INITIALS = "АБВГДЕИКЛМНОПРСТЮ"


# == The working group's other subjects (issue 14) ======================================
# One section per subject, in this order; each subject's generator
# (``queries/demo/topics/<subject>.py``) reads its own section only. Every figure or list
# here is an assumption of the demonstration data, said as such.

# -- curators (begin) --
# Curators of Russian regions (queries/demo/topics/curators.py). Assumptions:
# - every body that reports exports (concerns, holdings, ministries, oblast executive
#   committees; not "other") names one curator, the Ministry of Industry two, and two
#   bodies without exporters of their own name curators as well (Foreign Affairs,
#   Economy: concern_id empty); the post is the one such bodies give a deputy head;
# - each curator holds 2–4 Russian regions at a time, drawn without repeats and weighted
#   by the region's exports (the large markets first); the draws are cut to the number
#   of regions, so with ~30 curators every region has one; a region has one curator at
#   a time;
# - the first assignments start on a January 1st of 2022–2024; from 2025-01 to the last
#   month CURATOR_MOVES regions are handed from one curator to another (the old
#   assignment ends the day before the new one starts) and CURATOR_SUCCESSIONS curators
#   are succeeded by a new official of the same body, who takes all their regions;
# - full names from SURNAMES (feminine form for -ов/-ёв/-ин, -ский) and the lists below.
CURATOR_FIRST_NAMES = {"m": ("Александр", "Сергей", "Андрей", "Дмитрий", "Виктор",
                             "Игорь", "Владимир", "Юрий", "Олег", "Павел", "Николай",
                             "Геннадий"),
                       "f": ("Наталья", "Елена", "Ольга", "Ирина", "Татьяна", "Светлана")}
CURATOR_PATRONYMICS = {"m": ("Николаевич", "Иванович", "Петрович", "Сергеевич",
                             "Владимирович", "Михайлович", "Александрович", "Анатольевич"),
                       "f": ("Николаевна", "Ивановна", "Петровна", "Сергеевна",
                             "Владимировна", "Михайловна", "Александровна")}
CURATOR_FEMALE_SHARE = 0.25
CURATOR_POSTS = {  # concern kind → post as the body writes it
    "ministry": "Заместитель министра",
    "concern": "Заместитель председателя концерна",
    "holding": "Заместитель генерального директора управляющей компании холдинга",
    "oblast_committee": "Заместитель председателя облисполкома",
}
CURATOR_POST_CITY = "Заместитель председателя горисполкома"  # minsk-city
CURATOR_EXTRA_BODIES = (  # bodies without exporters of their own: (body, post)
    ("Министерство иностранных дел", "Посол по особым поручениям"),
    ("Министерство экономики", "Начальник главного управления внешнеэкономической "
     "деятельности"),
)
CURATOR_TWICE = ("minprom",)   # bodies naming two curators
CURATOR_REGIONS = (2, 4)       # regions per curator, both included
CURATOR_FIRST_YEARS = (2022, 2024)
CURATOR_MOVES = 8
CURATOR_SUCCESSIONS = 2
# -- curators (end) --

# -- retail (begin) --
# Direct contracts of Belarusian enterprises with Russian federal retail chains
# (``topics/retail.py``). Assumptions of the demonstration data:
# - about RETAIL_CONTRACTS contracts at every scale (a working group follows dozens, not
#   thousands), their suppliers drawn by concern with RETAIL_CONCERN_SHARE and, within
#   a concern, by the enterprise's exports (the large ones negotiate more often);
# - an enterprise's product group follows its main HS chapter (RETAIL_GROUP_OF_CHAPTER;
#   chapters not listed sell nothing through chains); the chains that stock a group are
#   in RETAIL_CHAINS_OF_GROUP, the first ones more often;
# - talks begin evenly over 2024-01-01 … two months before the data's last month; each
#   step (talks → draft sent → signed → supplying) takes RETAIL_STEP_DAYS (uniform) and
#   stops, stalled, with RETAIL_STALL_PROB; a negotiation ends (talks broken off) with
#   RETAIL_BREAK_PROB (a stalled one is closed as ended 150–400 days later with
#   RETAIL_STALL_END_PROB); a supplying contract is suspended with RETAIL_SUSPEND_PROB after
#   60–300 days, and a suspension resumes or ends (RETAIL_RESUME_PROB / _END_PROB);
#   changes after the data's last day are not yet made;
# - the expected annual value is lognormal around the group's median
#   (RETAIL_MEDIAN_USD, σ 0.6), rounded to 10 000 USD;
# - deliveries are reported for RETAIL_REPORTED_SHARE of the supplying contracts: each
#   month in which the contract was supplying, expected ÷ 12 × the share of the month's
#   days × the contract's own delivery rate (0.55–1.25, below 1 for most: new listings
#   take time) × ±15 % noise, rounded to 100 USD; the others report nothing.
# - product groups are codes (RETAIL_GROUP_OF_CHAPTER's values) that the page names in
#   ru/en/de; an imported file may write any text, shown as written.
RETAIL_CONTRACTS = 96
RETAIL_CONCERN_SHARE = {"bellegprom": .34, "belgospishcheprom": .22, "minagro": .26,
                        "atlant": .05, "horizont": .03, "oblcom-brest": .03,
                        "oblcom-grodno": .03, "oblcom-vitebsk": .02, "minsk-city": .02}
RETAIL_GROUP_OF_CHAPTER = {
    "61": "knitwear", "62": "clothing", "64": "footwear", "42": "leather_goods",
    "63": "home_textiles", "53": "home_textiles", "52": "home_textiles",
    "55": "home_textiles", "51": "home_textiles", "57": "home_textiles",
    "18": "confectionery", "19": "confectionery", "17": "sugar", "22": "beverages",
    "03": "fish", "16": "meat", "15": "groceries", "21": "groceries", "04": "dairy",
    "02": "meat", "10": "groceries", "11": "groceries", "20": "groceries",
    "07": "groceries", "08": "groceries", "84": "appliances", "85": "appliances"}
_GROCERY_CHAINS = ("x5", "magnit", "lenta", "auchan", "metro", "okey", "svetofor",
                   "mariya_ra", "monetka", "vkusvill", "verny", "globus")
_CLOTHING_CHAINS = ("detsky_mir", "svetofor", "auchan", "lenta", "okey", "globus", "metro",
                    "magnit", "x5")
RETAIL_CHAINS_OF_GROUP = {
    "knitwear": _CLOTHING_CHAINS, "clothing": _CLOTHING_CHAINS,
    "footwear": _CLOTHING_CHAINS, "leather_goods": _CLOTHING_CHAINS,
    "home_textiles": ("auchan", "lenta", "okey", "globus", "metro", "svetofor", "detsky_mir"),
    "confectionery": _GROCERY_CHAINS, "sugar": _GROCERY_CHAINS, "beverages": _GROCERY_CHAINS,
    "fish": _GROCERY_CHAINS, "meat": _GROCERY_CHAINS, "dairy": _GROCERY_CHAINS,
    "groceries": _GROCERY_CHAINS,
    "appliances": ("mvideo", "dns", "metro", "auchan", "lenta", "globus")}
RETAIL_MEDIAN_USD = {"knitwear": 900_000, "clothing": 1_200_000, "footwear": 1_500_000,
                     "leather_goods": 400_000, "home_textiles": 700_000,
                     "confectionery": 1_800_000, "sugar": 2_500_000, "beverages": 900_000,
                     "fish": 1_200_000, "meat": 3_000_000, "dairy": 4_000_000,
                     "groceries": 1_000_000, "appliances": 6_000_000}
RETAIL_STEP_DAYS = {"talks": (20, 130), "draft_sent": (15, 100), "signed": (15, 80)}
RETAIL_STALL_PROB = {"talks": .2, "draft_sent": .16, "signed": .05}
RETAIL_STALL_END_PROB = .5  # a stalled negotiation closed as ended 150–400 days later
RETAIL_BREAK_PROB = {"talks": .1, "draft_sent": .06, "signed": 0.0}
RETAIL_SUSPEND_PROB = .2
RETAIL_RESUME_PROB, RETAIL_END_PROB = .35, .25
RETAIL_REPORTED_SHARE = .85
# -- retail (end) --

# -- tenders (begin) --
# Russian public procurement and the Belarusian enterprises' bids
# (queries/demo/topics/tenders.py). Assumptions:
# - procurements from 2024-01-01 to the last day of the data, TENDER_PROCUREMENTS drawn
#   at random plus the fixed showcase of the generator (``SHOWCASE``): the public
#   transport of Stavropol (МУП «Ставропольское троллейбусное предприятие»,
#   ГУП СК «Ставропольское краевое автотранспортное предприятие») and Rostov-on-Don
#   (МКУ «Дирекция по транспорту г. Ростова-на-Дону», МУП «Ростовская транспортная
#   компания», МБУ «Городское хозяйство г. Ростова-на-Дону») — buses, trolleybuses and a
#   municipal purchase, won 2024, lost on price 2025, lost or not admitted for
#   localisation 2025–26, two still pending — and one Kuzbass mining-truck purchase
#   (BelAZ) that the bids template's example names. Customers' names, register numbers
#   and values are illustrative, not the EIS register's;
# - who bids: the demo's enterprises of the concerns that make such machinery — MAZ
#   (buses, trolleybuses — its MAZ-203T —, municipal and road machinery on its chassis,
#   trucks), BelAZ (mining dump trucks, 223-FZ purchases of state mining companies), MTZ
#   and Gomselmash (agricultural machinery, much of it 223-FZ; MTZ also municipal),
#   Amkodor (road and municipal machinery). Belkommunmash (trams, trolleybuses) and
#   Mogilevliftmash (lifts) are not enterprises of the demo (data/refdata has neither):
#   the subjects trams and lifts exist in the schema and the templates, the demo has no
#   bids for them;
# - TENDER_SUBJECT_MIX: per subject the bidders, the 44-FZ / 223-FZ split, the units
#   bought (uniform), a unit price in USD (initial value = units × price × 0.9–1.15), the
#   subject's share of notices and the chance that a bid not lost for localisation is won
#   (one winner per notice in the demo; the import allows several, one per lot);
# - one bidder per notice, two (of the subject's bidders) in a quarter of the notices
#   where there are two; a bid is 0.5–14 % below the initial value; 5 % are cancelled;
# - TENDER_LOCALISATION_SHARE: the chance, by notice year, that a bid is lost (60 %) or
#   not admitted (40 %) for localisation — the national regime and the localisation
#   points of Government Resolution 719 (2014) and the 2023–24 rules on foreign goods
#   make it grow; the other losses are price 55 %, specification 20 %, documents 15 %,
#   other 10 % (not admitted for price becomes documents);
# - a bid is pending while its deadline + 20 days is after the data's last day;
# - regions: TENDER_REGIONS, weights of the notices by the customer's region (the
#   regions where Belarusian machinery sells; Stavropol and Rostov above their size).
TENDER_PROCUREMENTS = 200
TENDER_LOCALISATION_SHARE = {2024: 0.10, 2025: 0.21, 2026: 0.31}
TENDER_SUBJECT_MIX = {
    # subject: (bidders by refdata name, (44-FZ, 223-FZ), units (low, high), USD per unit,
    #           share of notices, chance of a win)
    "buses": (("MAZ (Minsk Automobile Plant)",), (0.7, 0.3), (5, 60), 240_000, 0.22, 0.45),
    "trolleybuses": (("MAZ (Minsk Automobile Plant)",), (0.8, 0.2), (4, 30), 330_000, 0.10,
                     0.40),
    "road_machinery": (("Amkodor", "MAZ (Minsk Automobile Plant)"), (0.8, 0.2), (2, 12),
                       160_000, 0.17, 0.50),
    "municipal_machinery": (("MAZ (Minsk Automobile Plant)",
                             "MTZ (Minsk Tractor Works), brand BELARUS", "Amkodor"),
                            (0.85, 0.15), (2, 15), 110_000, 0.20, 0.50),
    "agricultural_machinery": (("MTZ (Minsk Tractor Works), brand BELARUS", "Gomselmash"),
                               (0.35, 0.65), (3, 25), 140_000, 0.20, 0.55),
    "trucks": (("BelAZ", "MAZ (Minsk Automobile Plant)"), (0.25, 0.75), (1, 8), 700_000,
               0.11, 0.45),
}
TENDER_REGIONS = {  # region: (weight, the customers' city in their names)
    "RU-MOW": (8, "Москва"), "RU-MOS": (6, "Подольск"), "RU-SPE": (5, "Санкт-Петербург"),
    "RU-LEN": (2, "Гатчина"), "RU-TA": (4, "Казань"), "RU-BA": (4, "Уфа"),
    "RU-NIZ": (3, "Нижний Новгород"), "RU-SVE": (3, "Екатеринбург"),
    "RU-KEM": (3, "Кемерово"), "RU-KDA": (3, "Краснодар"), "RU-ROS": (5, "Ростов-на-Дону"),
    "RU-STA": (5, "Ставрополь"), "RU-VOR": (2, "Воронеж"), "RU-SMO": (3, "Смоленск"),
    "RU-BRY": (3, "Брянск"), "RU-PSK": (2, "Псков"), "RU-NVS": (2, "Новосибирск"),
    "RU-KYA": (2, "Красноярск"), "RU-OMS": (2, "Омск"), "RU-SAM": (2, "Самара"),
    "RU-CHE": (2, "Челябинск"), "RU-YAR": (2, "Ярославль"), "RU-BEL": (2, "Белгород"),
    "RU-SA": (1, "Якутск"), "RU-KHM": (1, "Сургут"),
}
# -- tenders (end) --

# -- centres (begin) --
# Multibrand sales-and-service centres (distribution subjects of kind multibrand_center,
# placed by the trade generator's SUBJECT_MIX) and their monthly sales and service.
# Assumptions of the demonstration data, not published figures:
# - A centre carries its concern's own brand (CENTRE_OWN_BRAND; the Ministry of
#   Industry's and BMK's centres have none of their own) and CENTRE_OTHER_BRANDS more of
#   the Belarusian machinery brands, drawn with the weights of CENTRE_BRANDS.
# - Planned openings fall on a day between CENTRE_FIRST_PLAN and
#   CENTRE_PLAN_AHEAD_MONTHS after the last month; a centre opens early (1–2 months)
#   or on time with CENTRE_OPENING_P, else CENTRE_DELAY_MONTHS late (± 10 days). One
#   whose opening falls after the last month is planned, not open (its stock, if any,
#   was delivered ahead of the opening).
# - CENTRE_NEW_PLANNED further centres (concern CENTRE_NEW_CONCERN) are planned in the
#   regions with the most machinery exports over the last twelve months that have no
#   centre; planned from four months before the last month to a year after, none open.
# - Sales of a month: the region's exports of HS chapters CENTRE_CHAPTERS that month
#   and its trailing twelve-month average, half each (a centre sells between
#   deliveries; where a region gets none directly, its goods come through another
#   region's trading house), times a share drawn from CENTRE_SALES_SHARE divided by
#   the root of the number of centres in the region, within CENTRE_FLOOR_USD …
#   CENTRE_CAP_USD a month (a small centre still sells a few machines; a Moscow one is
#   no national distributor); ramped up over CENTRE_RAMP_MONTHS after the opening, the
#   first month pro rata of its days open; lognormal noise CENTRE_NOISE_SD.
# - Units sold: sales ÷ a price per unit drawn from CENTRE_UNIT_PRICE_USD (tractors to
#   trucks and harvesters; spare parts make up the rest).
# - Service orders: the fleet the centre serves (CENTRE_INITIAL_FLEET machines already
#   in the region plus every unit it sold before the month) × a monthly rate from
#   CENTRE_SERVICE_RATE; service revenue: orders × an order value from CENTRE_ORDER_USD.
CENTRE_CHAPTERS = ("84", "87")
CENTRE_BRANDS = {  # brand → weight of its being carried by another concern's centre
    "MTZ (Belarus)": 5, "MAZ": 4, "Gomselmash (Palesse)": 4, "Amkodor": 3, "BelAZ": 1,
    "Bobruiskagromash": 3, "Lidagroprommash": 2, "Lidselmash": 1.5, "MMZ": 2,
    "Atlant": 0.5, "Horizont": 0.5,
}
CENTRE_OWN_BRAND = {"mtz": "MTZ (Belarus)", "belavtomaz": "MAZ", "belaz": "BelAZ",
                    "amkodor": "Amkodor", "gomselmash": "Gomselmash (Palesse)",
                    "bobruiskagromash": "Bobruiskagromash", "mmz": "MMZ",
                    "atlant": "Atlant", "horizont": "Horizont"}
CENTRE_OTHER_BRANDS = (2, 4)
CENTRE_FIRST_PLAN = "2020-06"
CENTRE_PLAN_AHEAD_MONTHS = 12
CENTRE_OPENING_P = {"early": 0.15, "on_time": 0.45}
CENTRE_DELAY_MONTHS = (1, 10)
CENTRE_NEW_PLANNED = 4
CENTRE_NEW_CONCERN = "minprom"
CENTRE_SALES_SHARE = (0.03, 0.10)
CENTRE_FLOOR_USD = 150_000
CENTRE_CAP_USD = 4_000_000
CENTRE_RAMP_MONTHS = 6
CENTRE_NOISE_SD = 0.15
CENTRE_UNIT_PRICE_USD = (30_000, 90_000)
CENTRE_INITIAL_FLEET = (20, 150)
CENTRE_SERVICE_RATE = (0.08, 0.20)
CENTRE_ORDER_USD = (400, 1_500)
# -- centres (end) --

# -- support (begin) --
# Export-support instruments (data/refdata/support_instruments.csv) and who uses them.
# Assumptions of the demonstration data, not published figures:
# - A minority of enterprises use any instrument: the machinery holdings' and the major
#   exporters' enterprises most often (SUPPORT_USE_SHARE: the chance that an enterprise
#   of that kind uses at least one); a small private exporter rarely.
# - A user takes 1–3 instruments, drawn with SUPPORT_INSTRUMENT_WEIGHTS of its kind
#   (machinery leans on leasing and credits, food and light industry on exhibitions and
#   insurance).
# - An instrument backs a share of the enterprise's exports to each of its 1–4 largest
#   Russian regions (SUPPORT_BACKED_SHARE, a range per instrument; the shares of one
#   enterprise's instruments are scaled to at most SUPPORT_BACKED_MAX together, so the
#   backed exports of a month and region never exceed its exports), in the months the
#   instrument is active: from a start month in SUPPORT_FIRST_MONTH … the last month, each
#   month with SUPPORT_ACTIVE_P (credits come in tranches, insurance covers every month).
# - The support itself is a ratio of the exports it backed (SUPPORT_RATIO): a credit or a
#   lease finances most of the delivery, insurance covers most of it, the interest
#   compensation is a few per cent, an exhibition's co-financing a small cost.
SUPPORT_FIRST_MONTH = "2023-01"
SUPPORT_MACHINERY_CONCERNS = ("mtz", "belavtomaz", "gomselmash", "amkodor", "belaz", "mmz",
                              "bobruiskagromash", "minprom", "atlant", "horizont",
                              "integral", "bmk")
SUPPORT_USE_SHARE = {"major_machinery": 0.85, "major_other": 0.45, "machinery": 0.25,
                     "industrial": 0.08, "other": 0.03}
SUPPORT_INSTRUMENT_WEIGHTS = {  # kind → instrument → weight
    "machinery": {"export_credit": 3, "buyer_credit": 2, "insurance": 2,
                  "rate_compensation": 1.5, "leasing": 3, "exhibitions": 1},
    "other": {"export_credit": 1.5, "buyer_credit": 0.5, "insurance": 2,
              "rate_compensation": 1.5, "leasing": 0.2, "exhibitions": 3},
}
SUPPORT_BACKED_SHARE = {"export_credit": (0.15, 0.35), "buyer_credit": (0.10, 0.25),
                        "insurance": (0.20, 0.45), "rate_compensation": (0.10, 0.30),
                        "leasing": (0.05, 0.20), "exhibitions": (0.01, 0.05)}
SUPPORT_BACKED_MAX = 0.8
SUPPORT_ACTIVE_P = {"export_credit": 0.5, "buyer_credit": 0.4, "insurance": 0.85,
                    "rate_compensation": 0.9, "leasing": 0.6, "exhibitions": 0.15}
SUPPORT_RATIO = {"export_credit": (0.6, 0.9), "buyer_credit": (0.7, 0.9),
                 "insurance": (0.8, 0.95), "rate_compensation": (0.02, 0.05),
                 "leasing": (0.7, 0.9), "exhibitions": (0.005, 0.02)}
# -- support (end) --

# -- expectations (begin) --
# Expected full-year exports (queries/demo/topics/expectations.py). Every concern and
# every oblast with a target submits, each month from January to the data's last month,
# its expectation for the whole year, for the data's last year and the one before it.
# The bodies are optimistic against the model (queries/forecast.py, made with the months
# before the submission month: what the body knew): a submission is
#   forecast + weight(month) × (anchor − forecast) × (1 ± noise),
# January's (no month known yet) is about the target (OPTIMIST_NEAR_TARGET × target). Realists' anchor is the forecast
# plus REALIST_ABOVE × target (a few points, rarely flagged); optimists (the share
# OPTIMIST_SHARE of the bodies, drawn per body and year) anchor at the larger of about
# the target (OPTIMIST_NEAR_TARGET) and the forecast plus OPTIMIST_ABOVE × target, so
# they are flagged for most of the year. The weight falls from 1 in January by
# EXPECTATION_DRIFT over the year: expectations drift down toward the data.
EXPECTATION_YEARS_BACK = 1                 # the last year and this many before it
OPTIMIST_SHARE = 0.4
REALIST_ABOVE = (0.0, 0.04)                # × target, above the forecast
OPTIMIST_NEAR_TARGET = (0.97, 1.04)        # × target
OPTIMIST_ABOVE = (0.08, 0.16)              # × target, above the forecast
EXPECTATION_DRIFT = 0.6                    # weight 1 in January, 0.4 in December
EXPECTATION_NOISE = 0.005                  # ± share of the submission, month to month
# -- expectations (end) --
