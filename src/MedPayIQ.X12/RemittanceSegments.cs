using System.Globalization;
using System.Text;

namespace MedPayIQ.X12;

/// <summary>
/// 835 segments written as text with the delimiters of a <see cref="RemittanceOptions"/>: elements in order, empty
/// ones written only when a later element is not (no trailing separators), amounts as X12 decimals, a count of the
/// segments written. Not thread-safe: one per writer or per formatting thread.
/// </summary>
internal sealed class RemittanceSegments(RemittanceOptions options)
{
    private int _pendingEmpty;

    public RemittanceOptions Options { get; } = options;

    public StringBuilder Text { get; } = new();

    /// <summary>The segments ended since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    public void Clear()
    {
        Text.Clear();
        Count = 0;
        _pendingEmpty = 0;
    }

    /// <summary>Segments written elsewhere with the same delimiters, appended whole.</summary>
    public void Append(string text, int segments)
    {
        Text.Append(text);
        Count += segments;
        _pendingEmpty = 0;
    }

    public void Start(string id)
    {
        Text.Append(id);
        _pendingEmpty = 0;
    }

    /// <summary>A segment of text elements.</summary>
    public void Segment(string id, params ReadOnlySpan<string> elements)
    {
        Start(id);
        foreach (string element in elements)
        {
            Element(element);
        }

        End();
    }

    /// <summary>An element; empty ones are written only when a later element is not.</summary>
    public void Element(string value)
    {
        if (value.Length == 0)
        {
            _pendingEmpty++;
            return;
        }

        Separators();
        Text.Append(value);
    }

    /// <summary>An amount as an X12 decimal (R): no trailing zeros, a minus sign when negative: 125.5, 0, -3.25.</summary>
    public void Element(decimal amount)
    {
        Separators();
        decimal cents = amount * 100m;
        if (cents != decimal.Truncate(cents) || Math.Abs(cents) >= long.MaxValue)
        {
            Text.Append(CultureInfo.InvariantCulture, $"{amount:0.##}"); // more than two places: rounded as written
            return;
        }

        long whole = (long)cents;
        if (whole < 0)
        {
            Text.Append('-');
            whole = -whole;
        }

        Text.Append(whole / 100);
        long fraction = whole % 100;
        if (fraction != 0)
        {
            Text.Append('.').Append((char)('0' + (fraction / 10)));
            if (fraction % 10 != 0)
            {
                Text.Append((char)('0' + (fraction % 10)));
            }
        }
    }

    public void Element(int number)
    {
        Separators();
        Text.Append(number);
    }

    /// <summary>A date element, CCYYMMDD.</summary>
    public void Element(DateOnly date)
    {
        Separators();
        Text.Append((date.Year * 10_000) + (date.Month * 100) + date.Day);
    }

    /// <summary>The separators of the empty elements before, and this element's.</summary>
    public void Separators()
    {
        Text.Append(Options.ElementSeparator, _pendingEmpty + 1);
        _pendingEmpty = 0;
    }

    public void End()
    {
        Text.Append(Options.SegmentTerminator);
        if (Options.LineBreaks)
        {
            Text.Append('\n');
        }

        _pendingEmpty = 0;
        Count++;
    }
}
