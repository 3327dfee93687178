from django.contrib import admin

from putright.learning.models import LearningAction


@admin.register(LearningAction)
class LearningActionAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "due_date", "status", "is_published"]
    list_filter = ["status", "is_published"]
    raw_id_fields = ["cases"]
