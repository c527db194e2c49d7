"""The demo company's customers (seed 001 §3.3.1, §3.3.2): ~250 customer companies on record.

Classes A/B/C in the seed's mix (≈ 11/32/57 %), the three sales departments (direct export,
transfer-factory export, domestic) with their salespeople, customers in Hong Kong, mainland China,
Japan and Europe (a few in the USA and the Middle East), investor regions, contacts for some.
The nine customers of the modules' demo data (Wing Fat, Kowa, ...) are reused, not duplicated.
Names are fictional, made of invented words per region.
"""

TOTAL_CUSTOMERS = 250
CLASS_MIX = (("a", 0.11), ("b", 0.32), ("c", 0.57))
# the modules' demo customers, reused as part of the story
DEMO_CUSTOMERS = (
    "partner_wing_fat",
    "partner_wing_fat_dongguan",
    "partner_kowa",
    "partner_hongtai",
    "partner_tianrui",
    "partner_nordlicht",
    "partner_great_lakes",
    "partner_van_dijk",
    "partner_anatolia",
)
# region: (weight, countries, pricelist xml id, channel)
REGIONS = {
    "hong_kong": (0.24, ["hk"], "pricelist_export_hkd", "direct_export"),
    "china_transfer": (0.22, ["cn"], None, "transfer_export"),
    "china_domestic": (0.26, ["cn"], "pricelist_domestic_cny", "domestic"),
    "japan": (0.12, ["jp"], "pricelist_export_jpy", "direct_export"),
    "europe": (0.11, ["de", "nl", "it", "fr", "gb", "es", "pl"], "pricelist_export_eur", "direct_export"),
    "usa": (0.03, ["us"], "pricelist_export_usd", "direct_export"),
    "middle_east": (0.02, ["ae", "sa", "tr"], "pricelist_export_usd", "direct_export"),
}
# transfer-factory customers are foreign-invested factories in China: who invested
TRANSFER_INVESTORS = (("hk", 0.55), ("tw", 0.2), ("jp", 0.12), ("kr", 0.08), ("us", 0.05))
CHINA_CITIES = ("Dongguan", "Shenzhen", "Guangzhou", "Foshan", "Zhongshan", "Huizhou", "Jiangmen", "Zhuhai")
CITIES = {
    "hk": ("Kwun Tong", "Tsuen Wan", "Kowloon Bay", "Sha Tin", "Chai Wan"),
    "jp": ("Osaka", "Nagoya", "Tokyo", "Kobe", "Hamamatsu"),
    "de": ("Nuremberg", "Stuttgart", "Cologne"),
    "nl": ("Eindhoven", "Utrecht"),
    "it": ("Milan", "Treviso"),
    "fr": ("Lyon", "Lille"),
    "gb": ("Birmingham", "Leeds"),
    "es": ("Valencia", "Zaragoza"),
    "pl": ("Wroclaw", "Lodz"),
    "us": ("Columbus", "Charlotte", "Louisville"),
    "ae": ("Dubai", "Sharjah"),
    "sa": ("Riyadh", "Jeddah"),
    "tr": ("Izmir", "Bursa"),
}
PRODUCTS_MADE = (
    "Electrical Appliances", "Electronics", "Household Appliances", "Audio Equipment", "Power Tools",
    "Lighting", "Telecom Equipment", "Office Machines", "Air Conditioning", "Transformers", "Chargers",
)  # fmt: skip
HK_WORDS = ("Wah", "Kee", "Shing", "Fook", "Lung", "Hing", "Tat", "Yip", "Cheung", "Sang", "Wing", "Po", "Kam", "Tai")
CN_WORDS = ("Hua", "Xin", "Tai", "Jia", "Mei", "Sheng", "Long", "Feng", "Hong", "Rui", "Da", "Yi", "Kang", "Bao")
JP_WORDS = ("Aoba", "Kiku", "Sakura", "Mizu", "Hoshi", "Taka", "Yama", "Kawa", "Matsu", "Hikari", "Fuji", "Nami")
EU_WORDS = ("Nord", "Alpen", "Rhein", "Luma", "Volt", "Brenn", "Stella", "Vento", "Kobalt", "Fiora", "Terra", "Ostra")
US_WORDS = ("Prairie", "Summit", "Harbor", "Keystone", "Liberty", "Cedar", "Redwood", "Granite")
ME_WORDS = ("Al Noor", "Al Waha", "Falcon", "Desert Star", "Al Madina", "Crescent")
SUFFIX = {
    "hk": "Ltd.",
    "cn": "Co., Ltd.",
    "jp": "Co., Ltd.",
    "de": "GmbH",
    "nl": "B.V.",
    "it": "S.r.l.",
    "fr": "S.A.S.",
    "gb": "Ltd",
    "es": "S.L.",
    "pl": "Sp. z o.o.",
    "us": "Inc.",
    "ae": "LLC",
    "sa": "Co.",
    "tr": "A.S.",
}
FIRST_NAMES = ("Ivy", "Kelvin", "Agnes", "Tommy", "Winnie", "Hiroshi", "Yuki", "Anna", "Marco", "Sophie", "Li Na",
               "Wang Fang", "Zhang Wei", "Liu Yang", "Omar", "Emily", "Jan", "Keiko")  # fmt: skip
LAST_NAMES = ("Chan", "Wong", "Lee", "Ng", "Suzuki", "Sato", "Müller", "Rossi", "Dubois", "Chen", "Zhou", "Li",
              "Haddad", "Smith", "de Vries", "Kowalski")  # fmt: skip
FUNCTIONS = ("Purchasing Manager", "Buyer", "Engineering Manager", "Quality Manager", "General Manager")


def pick(rng, weighted):
    """One key of [(key, weight), ...]."""
    roll = rng.random() * sum(w for _k, w in weighted)
    for key, weight in weighted:
        roll -= weight
        if roll <= 0:
            return key
    return weighted[-1][0]


def deal(rng, total, mix):
    """`total` keys in the proportions of `mix`, shuffled (the exact mix, not a random draw)."""
    keys = []
    for key, share in mix:
        keys += [key] * round(total * share)
    keys = keys[:total] + [mix[-1][0]] * max(0, total - len(keys))
    rng.shuffle(keys)
    return keys


class CustomerFactory:
    """Builds the customer companies' values, one region at a time, with unique fictional names."""

    def __init__(self, env, rng):
        self.env = env
        self.rng = rng
        self.used_names = set(env["res.partner"].search([("is_company", "=", True)]).mapped("name"))
        self.countries = {}
        self.ref = lambda xmlid: env.ref(f"crm_foreign_trade.{xmlid}")
        users = {
            "zhao": self.ref("user_salesperson"),
            "lin": self.ref("user_salesperson_2"),
            "chen": self.ref("user_sales_manager"),
            "he": self.ref("user_branch_manager_transfer"),
            "luo": self.ref("user_branch_manager_domestic"),
        }
        self.users = users
        # who sells to which department's customers (the department's salespeople and its leader)
        self.sellers = {
            "direct_export": ((users["zhao"], 0.45), (users["lin"], 0.45), (users["chen"], 0.10)),
            "transfer_export": ((users["he"], 1.0),),
            "domestic": ((users["luo"], 1.0),),
        }
        self.teams = {
            "direct_export": self.ref("sales_team_export"),
            "transfer_export": self.ref("sales_team_transfer"),
            "domestic": self.ref("sales_team_domestic"),
        }
        self.export_position = self.ref("fiscal_position_export")

    def country(self, code):
        if code not in self.countries:
            self.countries[code] = self.env.ref(f"base.{code}" if code != "gb" else "base.uk")
        return self.countries[code]

    def name(self, code, region):
        rng = self.rng
        for _attempt in range(200):
            made = rng.choice(PRODUCTS_MADE)
            if region == "hong_kong":
                name = f"{rng.choice(HK_WORDS)} {rng.choice(HK_WORDS)} {made} {SUFFIX['hk']}"
            elif code == "cn":
                city = rng.choice(CHINA_CITIES)
                name = f"{city} {rng.choice(CN_WORDS)}{rng.choice(CN_WORDS).lower()} {made} {SUFFIX['cn']}"
            elif code == "jp":
                name = f"{rng.choice(JP_WORDS)} {rng.choice(('Denki', 'Seiki', 'Shoji', 'Kogyo'))} {SUFFIX['jp']}"
            elif region == "europe":
                name = f"{rng.choice(EU_WORDS)}{rng.choice(EU_WORDS).lower()} {made} {SUFFIX[code]}"
            elif code == "us":
                name = f"{rng.choice(US_WORDS)} {made} {SUFFIX['us']}"
            else:
                name = f"{rng.choice(ME_WORDS)} {made} {SUFFIX[code]}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        raise RuntimeError("ran out of fictional names")

    def values(self, region, customer_class):
        rng = self.rng
        _weight, codes, pricelist, channel = REGIONS[region]
        code = rng.choice(codes)
        country = self.country(code)
        if channel == "transfer_export":
            investor = self.country(pick(rng, TRANSFER_INVESTORS))
            pricelist = "pricelist_export_hkd" if investor.code == "HK" else "pricelist_export_usd"
        elif channel == "domestic":
            investor = country
        else:
            investor = country
        city = rng.choice(CHINA_CITIES) if code == "cn" else rng.choice(CITIES[code])
        name = self.name(code, region)
        if code == "cn":
            # the city of a Chinese name is where the factory is
            city = name.split(" ")[0]
        user = pick(rng, self.sellers[channel])
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:18]
        values = {
            "name": name,
            "is_company": True,
            "customer_rank": 1,
            "city": city,
            "country_id": country.id,
            "investor_country_id": investor.id,
            "trade_channel": channel,
            "customer_class": customer_class,
            "user_id": user.id,
            "email": f"purchasing@{slug}.example.com",
            "property_product_pricelist": self.ref(pricelist).id,
        }
        if channel == "transfer_export":
            # deemed exports: zero-rated like the direct ones (the fiscal position follows the country otherwise)
            values["property_account_position_id"] = self.export_position.id
        return values

    def contacts(self, partner):
        rng = self.rng
        return [
            {
                "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "parent_id": partner.id,
                "function": rng.choice(FUNCTIONS),
                "email": f"contact{index}.{partner.id}@example.com",
            }
            for index in range(rng.choice((1, 1, 2, 3)))
        ]


def build(env, rng, total=TOTAL_CUSTOMERS):
    """Create the customer companies (`total` with the reused demo ones); returns (all customer companies,
    the reused demo ones, the factory)."""
    factory = CustomerFactory(env, rng)
    existing = env["res.partner"]
    for xmlid in DEMO_CUSTOMERS:
        existing |= env.ref(f"crm_foreign_trade.{xmlid}", raise_if_not_found=False) or existing.browse()
    count = total - len(existing)
    # the class mix over the whole book, the demo customers' classes counted in
    wanted = deal(rng, total, CLASS_MIX)
    for cls in existing.mapped("customer_class"):
        if cls in wanted:
            wanted.remove(cls)
    classes = wanted[:count]
    regions = deal(rng, count, [(region, spec[0]) for region, spec in REGIONS.items()])
    vals_list = [factory.values(region, cls) for region, cls in zip(regions, classes, strict=True)]
    created = env["res.partner"].create(vals_list)
    # contacts for about a third of them: the buyer, the engineer
    contact_vals = []
    for partner in created:
        if rng.random() < 0.35:
            contact_vals += factory.contacts(partner)
    env["res.partner"].create(contact_vals)
    return existing | created, existing, factory
