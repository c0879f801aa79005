from django.contrib import admin

from kampanye.money.models import BudgetLine, BudgetVersion, Donation, Donor, Expense, FundAccount


@admin.register(FundAccount)
class FundAccountAdmin(admin.ModelAdmin):
    list_display = ("contestant", "regime", "spending_cap_idr", "campaign_ends_on")


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(BudgetVersion)
class BudgetVersionAdmin(admin.ModelAdmin):
    list_display = ("contestant", "number", "note", "created_by", "created_at", "illustrative")
    inlines = [BudgetLineInline]


@admin.register(Expense)
class ExpenseAdmin(admin.ModelAdmin):
    list_display = ("reference", "contestant", "spent_on", "payee", "front", "amount_idr", "status")
    list_filter = ("status", "front", "category", "illustrative")
    raw_id_fields = ("touchpoints",)


@admin.register(Donation)
class DonationAdmin(admin.ModelAdmin):
    # donors stay out of the admin lists: only their number shows (UU PDP)
    list_display = ("reference", "contestant", "received_on", "donor_id", "amount_idr", "flags")
    list_filter = ("form", "illustrative")
    raw_id_fields = ("donor",)


@admin.register(Donor)
class DonorAdmin(admin.ModelAdmin):
    list_display = ("id", "contestant", "kind", "id_masked", "forgotten_at")
    exclude = ("id_digest", "name_key")
