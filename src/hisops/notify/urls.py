from django.urls import path

from hisops.notify import views

app_name = "notify"
urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("read/", views.notification_read_all, name="notification_read_all"),
    path("channels/", views.channel_list, name="channel_list"),
    path("<int:pk>/open/", views.notification_open, name="notification_open"),
]
