from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Business records are written through services only (permission, transaction, audit);
    the Django admin shows them to platform administrators but does not change them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
