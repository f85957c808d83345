"""Facts about an ENT: the Scrapy project, the one browser load of each page, logins, the command line."""
