from django.shortcuts import get_object_or_404, render

from .models import ToyNote


def notes(request):
    return render(request, "toycap/notes.html", {"notes": ToyNote.objects.order_by("-pk")})


def note(request, pk):
    return render(request, "toycap/note.html", {"note": get_object_or_404(ToyNote, pk=pk)})
