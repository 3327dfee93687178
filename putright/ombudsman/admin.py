"""Read-only views for administrators: the ombudsman stage is recorded on the staff pages."""

from django.contrib import admin

from putright.ombudsman.models import OmbudsmanReferral, OmbudsmanRemedy
from putright.ombudsman.selectors import referrals_visible_to


class OmbudsmanRemedyInline(admin.TabularInline):
    model = OmbudsmanRemedy
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "description", "amount", "due_date", "compliance_evidence", "completed_date"]
    exclude = ["created_by"]


@admin.register(OmbudsmanReferral)
class OmbudsmanReferralAdmin(admin.ModelAdmin):
    list_display = ["case", "ombudsman", "ombudsman_reference", "referred_date", "decision", "decision_date"]
    list_filter = ["ombudsman", "decision"]
    readonly_fields = [f.name for f in OmbudsmanReferral._meta.fields]
    inlines = [OmbudsmanRemedyInline]

    def get_queryset(self, request):
        # Restricted cases' referrals follow the access rule, as on the staff pages.
        return referrals_visible_to(request.user)

    def has_add_permission(self, request):
        return False
