"""DDI Codebook 2.5 metadata: build it, validate it (XSD, ID/IDREF, CESSDA profile), and write
the UK Data Service data dictionaries and an HTML codebook."""
