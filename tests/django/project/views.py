"""The protected views: 200 {"user_id": N} for an authenticated request."""
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView


class Protected(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"user_id": request.user.id})


class BearerAuthentication(TokenAuthentication):
    """The subclass DRF's docs suggest for another keyword."""
    keyword = "Bearer"


class ProtectedBearer(Protected):
    authentication_classes = [BearerAuthentication]


class Me(APIView):
    """GET /me: the authenticated user (examples/http serves the same)."""
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"id": request.user.id, "username": request.user.username})


class Logout(APIView):
    """POST /logout: deletes the token that authenticated the request; 204."""
    permission_classes = [IsAuthenticated]

    def post(self, request):
        request.auth.delete()
        return Response(status=204)
