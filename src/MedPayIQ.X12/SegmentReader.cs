using System.Globalization;
using MedPayIQ.Pricing;

namespace MedPayIQ.X12;

/// <summary>
/// The four delimiters of an interchange, as its ISA segment gives them: the element separator (the character after
/// "ISA"), the repetition separator (ISA11), the component separator (ISA16) and the segment terminator (the
/// character after ISA16).
/// </summary>
internal readonly record struct Delimiters(char Element, char Repetition, char Component, char Segment)
{
    /// <summary>The length of an ISA segment with its terminator: the only fixed-length segment.</summary>
    public const int IsaLength = 106;

    /// <summary>Where the element separators of ISA stand (after ISA, ISA01 ... ISA15).</summary>
    private static readonly int[] SeparatorPositions = [3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103];

    /// <summary>Reads the delimiters of a 106-character ISA segment; <c>null</c> with what was wrong.</summary>
    public static Delimiters? FromIsa(ReadOnlySpan<char> isa, out string? problem)
    {
        problem = null;
        if (isa.Length < IsaLength || !isa.StartsWith("ISA", StringComparison.Ordinal))
        {
            problem = "an ISA segment of 106 characters (the interchange header)";
            return null;
        }

        char element = isa[3];
        if (char.IsAsciiLetterOrDigit(element) || element == ' ')
        {
            problem = "an element separator after ISA that is not a letter, digit or space";
            return null;
        }

        foreach (int p in SeparatorPositions)
        {
            if (isa[p] != element)
            {
                problem = $"the element separator '{element}' at position {p + 1} of ISA (ISA elements have fixed widths)";
                return null;
            }
        }

        char repetition = isa[82], component = isa[104], segment = isa[105];
        if (component == element || segment == element || segment == component || char.IsAsciiLetterOrDigit(component) || char.IsAsciiLetterOrDigit(segment))
        {
            problem = "a component separator (ISA16) and a segment terminator (after ISA16) distinct from each other and from the element separator";
            return null;
        }

        return new Delimiters(element, repetition, component, segment);
    }
}

/// <summary>One element of a segment, split on demand (segments are short: a scan per element read costs less than a table).</summary>
internal readonly ref struct Segment
{
    private readonly ReadOnlySpan<char> _text;
    private readonly char _separator;

    public Segment(ReadOnlySpan<char> text, char separator)
    {
        _text = text;
        _separator = separator;
        int end = text.IndexOf(separator);
        Id = end < 0 ? text : text[..end];
    }

    /// <summary>The segment id: NM1, CLM, SV1...</summary>
    public ReadOnlySpan<char> Id { get; }

    /// <summary>The whole segment, without its terminator.</summary>
    public ReadOnlySpan<char> Text => _text;

    /// <summary>The n-th element (1 for the first after the id); empty when the segment has fewer.</summary>
    public ReadOnlySpan<char> this[int n]
    {
        get
        {
            var rest = _text;
            for (int i = 0; i < n; i++)
            {
                int next = rest.IndexOf(_separator);
                if (next < 0)
                {
                    return [];
                }

                rest = rest[(next + 1)..];
            }

            int end = rest.IndexOf(_separator);
            return end < 0 ? rest : rest[..end];
        }
    }

    public bool Is(string id) => Id.SequenceEqual(id);
}

/// <summary>
/// Reads the segments of a stream of X12 interchanges, one at a time through a fixed buffer: a file of any size is read
/// in the memory of its longest segment. Each ISA sets the delimiters of its interchange; line breaks after a segment
/// terminator (that are not themselves the terminator) are skipped.
/// </summary>
internal sealed class SegmentReader
{
    /// <summary>The longest segment read (an 837P's longest is a few hundred characters).</summary>
    public const int MaxSegmentLength = 1 << 16;

    private readonly TextReader _input;
    private readonly char[] _buffer = new char[MaxSegmentLength + Delimiters.IsaLength];
    private int _start, _end;
    private bool _eof;

    public SegmentReader(TextReader input) => _input = input;

    /// <summary>The delimiters of the current interchange (default before the first ISA).</summary>
    public Delimiters Delimiters { get; private set; }

    /// <summary>The number of the segment last read in the file, 1 for the first.</summary>
    public long Number { get; private set; }

    /// <summary>Whether an ISA has set the delimiters.</summary>
    public bool HasDelimiters { get; private set; }

    /// <summary>
    /// The next segment, without its terminator. <see cref="ReadStatus.End"/> at the end of the input;
    /// <see cref="ReadStatus.Bad"/> with the problem (bad ISA, a segment without terminator at the end, an over-long
    /// segment, which is skipped up to its terminator).
    /// </summary>
    public ReadStatus Next(out ReadOnlySpan<char> segment, out string? problem)
    {
        segment = default;
        problem = null;
        SkipBreaks();
        if (!Ensure(1))
        {
            return ReadStatus.End;
        }

        Number++;
        if (Ensure(4) && _buffer.AsSpan(_start, 3).SequenceEqual("ISA") && !char.IsAsciiLetterOrDigit(_buffer[_start + 3]))
        {
            Ensure(Delimiters.IsaLength);
            var isa = _buffer.AsSpan(_start, Math.Min(Delimiters.IsaLength, _end - _start));
            if (Delimiters.FromIsa(isa, out problem) is not { } delimiters)
            {
                HasDelimiters = false;
                segment = isa;
                _start = _end; // nothing after a bad ISA can be split
                _eof = true;
                return ReadStatus.Bad;
            }

            Delimiters = delimiters;
            HasDelimiters = true;
            segment = isa[..^1];
            _start += Delimiters.IsaLength;
            return ReadStatus.Segment;
        }

        if (!HasDelimiters)
        {
            segment = _buffer.AsSpan(_start, Math.Min(40, _end - _start));
            problem = "an ISA segment (an X12 interchange starts with ISA; its delimiters are read from it)";
            _start = _end;
            _eof = true;
            return ReadStatus.Bad;
        }

        char terminator = Delimiters.Segment;
        int scanned = 0;
        while (true)
        {
            int at = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf(terminator);
            if (at >= 0)
            {
                int length = scanned + at;
                segment = _buffer.AsSpan(_start, length);
                _start += length + 1;
                return ReadStatus.Segment;
            }

            scanned = _end - _start;
            if (scanned >= MaxSegmentLength)
            {
                segment = new string(_buffer.AsSpan(_start, 40)).AsSpan();
                problem = $"a segment terminator '{terminator}' within {MaxSegmentLength:N0} characters (the segment is longer; it is skipped)";
                SkipPastTerminator();
                return ReadStatus.Bad;
            }

            if (!Ensure(scanned + 1))
            {
                segment = _buffer.AsSpan(_start, Math.Min(40, _end - _start));
                problem = $"the segment terminator '{terminator}' (the file ends inside a segment: truncated?)";
                _start = _end;
                return ReadStatus.Bad;
            }
        }
    }

    private void SkipBreaks()
    {
        while (true)
        {
            while (_start < _end)
            {
                char c = _buffer[_start];
                if ((c == '\r' || c == '\n' || (c == '\uFEFF' && Number == 0)) && !(HasDelimiters && c == Delimiters.Segment))
                {
                    _start++;
                }
                else
                {
                    return;
                }
            }

            if (!Fill())
            {
                return;
            }
        }
    }

    private void SkipPastTerminator()
    {
        while (true)
        {
            int at = _buffer.AsSpan(_start, _end - _start).IndexOf(Delimiters.Segment);
            if (at >= 0)
            {
                _start += at + 1;
                return;
            }

            _start = _end;
            if (!Fill())
            {
                return;
            }
        }
    }

    /// <summary>Whether <paramref name="count"/> characters from the current position are in the buffer (reading more when needed).</summary>
    private bool Ensure(int count)
    {
        while (_end - _start < count)
        {
            if (!Fill())
            {
                return false;
            }
        }

        return true;
    }

    private bool Fill()
    {
        if (_eof)
        {
            return false;
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            return false;
        }

        int read = _input.Read(_buffer, _end, _buffer.Length - _end);
        if (read <= 0)
        {
            _eof = true;
            return false;
        }

        _end += read;
        return true;
    }
}

/// <summary>What <see cref="SegmentReader.Next"/> found.</summary>
internal enum ReadStatus
{
    Segment,
    Bad,
    End,
}

/// <summary>The composite procedure of a service line (837P SV101, 835 SVC01): HC, the HCPCS code and up to four modifiers.</summary>
internal static class X12Procedure
{
    /// <summary>Parses a composite; on failure, the element position (such as SV101-2), the text found and what was expected.</summary>
    public static bool TryParse(ReadOnlySpan<char> composite, char separator, string element, out HcpcsCode code, out ModifierSet modifiers, out (string Element, string Found, string Expected) problem)
    {
        code = default;
        modifiers = ModifierSet.Empty;
        problem = default;
        Span<Range> parts = stackalloc Range[8];
        int n = composite.Split(parts, separator);
        if (n < 2 || !composite[parts[0]].SequenceEqual("HC"))
        {
            problem = (element + "-1", composite.ToString(), "HC, then the component separator and a HCPCS code");
            return false;
        }

        if (!HcpcsCode.TryParse(composite[parts[1]], out code))
        {
            problem = (element + "-2", composite[parts[1]].ToString(), "a HCPCS code of five letters or digits");
            return false;
        }

        for (int i = 2; i < Math.Min(n, 6); i++)
        {
            var m = composite[parts[i]];
            if (m.IsEmpty)
            {
                continue;
            }

            if (!Modifier.TryParse(m, out var modifier) || modifiers.Contains(modifier))
            {
                problem = (string.Create(CultureInfo.InvariantCulture, $"{element}-{i + 1}"), m.ToString(), "a modifier of two letters or digits, each once");
                return false;
            }

            modifiers = modifiers.Add(modifier);
        }

        return true;
    }
}
