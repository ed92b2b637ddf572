"""The organisations the tests name, and a file that defines two acronyms of its own (RMN, BVA)."""

ACE, NLHF, DCMS = "Arts Council England", "National Lottery Heritage Fund", "Department for Culture, Media and Sport"
MA, NMDC, UUK = "Museums Association", "National Museum Directors' Council", "Universities UK"
NETWORK_FILE = """Committee news, 2 February 2023

1. The Regional Museums Network (RMN) met at Northgate.
2. Members asked about BVA (the British Veterinary Association) guidance on animal specimens.
3. The Coronavirus Job Retention Scheme (CJRS) has closed, said Kate Bellamy (ACE).

Committee news, 9 February 2023

1. RMN members will meet again in March; the BVA replied.
"""
