using System.Runtime.CompilerServices;

namespace MedPayIQ.Cli.Reprice;

/// <summary>
/// The CSV bytes of texts a sink writes line after line: the reason sentences the library keeps as constants ("release
/// in force, CMS formula"), found by reference, not by content (comparing the characters would cost what encoding them
/// does). A string is kept only when seen a second time, so sentences written fresh for one line (an unpriced line's
/// reason, naming its code) are encoded as before and never copied. 64 slots by the object's hash; not thread-safe:
/// one per sink.
/// </summary>
internal sealed class Utf8TextCache
{
    private const int Slots = 64;
    private const int LongestKept = 512;
    private readonly string?[] _texts = new string?[Slots];
    private readonly byte[]?[] _bytes = new byte[]?[Slots];

    /// <summary>The bytes written for <paramref name="text"/> the last time, when kept.</summary>
    public bool TryGet(string text, out byte[] bytes)
    {
        int slot = Slot(text);
        if (ReferenceEquals(_texts[slot], text) && _bytes[slot] is { } kept)
        {
            bytes = kept;
            return true;
        }

        bytes = [];
        return false;
    }

    /// <summary>Notes that <paramref name="text"/> was written as <paramref name="bytes"/>: kept when seen in its slot before.</summary>
    public void Written(string text, ReadOnlySpan<byte> bytes)
    {
        int slot = Slot(text);
        if (ReferenceEquals(_texts[slot], text))
        {
            _bytes[slot] = bytes.Length <= LongestKept ? bytes.ToArray() : null;
            return;
        }

        _texts[slot] = text; // seen once: the bytes are kept if it comes back
        _bytes[slot] = null;
    }

    private static int Slot(string text) => RuntimeHelpers.GetHashCode(text) & (Slots - 1);
}
