from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("2fa/", views.second_factor, name="second_factor"),
    path("2fa/setup/", views.second_factor_setup, name="second_factor_setup"),
    path("security/password-policy/", views.password_policy, name="password_policy"),
    path("security/users/", views.account_list, name="account_list"),
    path("security/users/<int:pk>/", views.account_detail, name="account_detail"),
    path("security/access-reviews/", views.access_review_list, name="access_review_list"),
    path(
        "security/access-reviews/<int:pk>/", views.access_review_detail, name="access_review_detail"
    ),
]
