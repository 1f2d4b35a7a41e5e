from django.contrib import admin

from jiandu.org.models import Cadre, Company, CompanyPerson, Liaison, Post, Relative, Unit

for model in (Unit, Liaison, Cadre, Post, Relative, Company, CompanyPerson):
    admin.site.register(model)
