from django.contrib import admin

from putright.learning.models import LearningAction
from putright.learning.selectors import actions_visible_to


@admin.register(LearningAction)
class LearningActionAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "due_date", "status", "is_published"]
    list_filter = ["status", "is_published"]
    raw_id_fields = ["cases"]

    def get_queryset(self, request):
        # An action naming a restricted case the administrator may not see is hidden, as on the staff pages.
        return actions_visible_to(request.user)
