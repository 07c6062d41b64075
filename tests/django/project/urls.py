from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

from project.views import Logout, Me, Protected, ProtectedBearer

urlpatterns = [
    path("api-token-auth/", obtain_auth_token),
    path("protected/", Protected.as_view()),
    path("protected-bearer/", ProtectedBearer.as_view()),
    path("me", Me.as_view()),
    path("logout", Logout.as_view()),
]
