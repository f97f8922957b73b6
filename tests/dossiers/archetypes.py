"""Three archetype products for the memo tests."""

from tests.products import CAR_T, CHONDROCYTES, HSC

GENE_THERAPY = {
    "schema_version": "1",
    "product": {
        "name": "CAR-T 19",
        "indication": "Relapsed DLBCL",
        "description": "Autologous anti-CD19 CAR-T cells.",
    },
    "answers": {**CAR_T, "us_excluded_article": "none"},
}
COMBINED_TEP = {
    "schema_version": "1",
    "product": {"name": "ChondroMem", "indication": "Cartilage defects of the knee"},
    "answers": dict(CHONDROCYTES),
}
NOT_ATMP = {
    "schema_version": "1",
    "product": {"name": "HSC graft", "indication": "Haematopoietic reconstitution"},
    "answers": dict(HSC),
}
ARCHETYPES = {
    "gene_therapy": (GENE_THERAPY, "Gene therapy medicinal product (GTMP)", "Directive 2001/83/EC"),
    "combined_tep": (COMBINED_TEP, "Tissue-engineered product (TEP), combined ATMP", "Art 2(1)(d)"),
    "not_atmp": (NOT_ATMP, "Not an advanced therapy medicinal product", "Directive 2004/23/EC"),
}
