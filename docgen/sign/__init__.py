"""Digital signatures on issued PDFs (NĐ30 Phụ lục I): the signer's over the signature
block, the agency's at the top right of page 1; and their verification. Built on pyHanko.

It reads and writes PDF files only; it knows nothing of catalogs, specs or Word.
"""

import logging
import warnings

# pyHanko logs the problems it reports (an untrusted chain…) with their tracebacks, and
# fontTools what it leaves out of a font subset: docgen reports problems itself, in words
for _name in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

# pyHanko imports cryptography's DSA key types, and cryptography 51 deprecates DSA on that
# access: a warning for the developers of pyHanko, not for the clerk signing (docgen never
# makes or accepts a DSA key). Imported here once, quietly; later imports are cached.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="DSA is deprecated", category=UserWarning)
    import pyhanko.sign.signers.pdf_cms  # noqa: F401
    import pyhanko.sign.validation  # noqa: F401
