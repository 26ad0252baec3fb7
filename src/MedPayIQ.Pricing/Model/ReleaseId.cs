using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// A CMS RVU release identifier: <c>RVU</c>, two-digit year, quarter letter A-D, and an optional correction suffix
/// (<c>RVU25A</c>, <c>RVU25AR</c>, <c>RVU26C</c>). A is January, B April, C July, D October.
/// </summary>
public readonly struct ReleaseId : IEquatable<ReleaseId>, IComparable<ReleaseId>
{
    private readonly string? _text;

    private ReleaseId(string text, int year, char quarter, int revision)
    {
        _text = text;
        Year = year;
        Quarter = quarter;
        Revision = revision;
    }

    /// <summary>Four-digit calendar year.</summary>
    public int Year { get; }

    /// <summary>Quarter letter: A (January), B (April), C (July) or D (October).</summary>
    public char Quarter { get; }

    /// <summary>0 for the release itself, 1 or more for a correction (RVU25AR = 1).</summary>
    public int Revision { get; }

    /// <summary>The first day of the quarter the letter names.</summary>
    public DateOnly QuarterStart => new(Year, ((Quarter - 'A') * 3) + 1, 1);

    /// <summary>Creates an identifier from its parts.</summary>
    public static ReleaseId Create(int year, char quarter, int revision = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 2000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 2099);
        if (quarter is < 'A' or > 'D')
        {
            throw new ArgumentOutOfRangeException(nameof(quarter), quarter, "The quarter letter is A, B, C or D.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        string text = string.Create(CultureInfo.InvariantCulture, $"RVU{year % 100:D2}{quarter}{(revision == 0 ? "" : revision == 1 ? "R" : "R" + revision.ToString(CultureInfo.InvariantCulture))}");
        return new ReleaseId(text, year, quarter, revision);
    }

    /// <summary>Parses <c>RVUyyQ</c> with an optional <c>R</c> or <c>Rn</c> suffix, case-insensitively.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ReleaseId id)
    {
        id = default;
        if (text is null)
        {
            return false;
        }

        var s = text.AsSpan().Trim();
        if (s.Length < 6 || !s[..3].Equals("RVU", StringComparison.OrdinalIgnoreCase) || !char.IsAsciiDigit(s[3]) || !char.IsAsciiDigit(s[4]))
        {
            return false;
        }

        char q = char.ToUpperInvariant(s[5]);
        if (q is < 'A' or > 'D')
        {
            return false;
        }

        int revision = 0;
        var rest = s[6..];
        if (!rest.IsEmpty)
        {
            if (char.ToUpperInvariant(rest[0]) != 'R')
            {
                return false;
            }

            revision = 1;
            if (rest.Length > 1 && (!int.TryParse(rest[1..], NumberStyles.None, CultureInfo.InvariantCulture, out revision) || revision < 1))
            {
                return false;
            }
        }

        id = Create(2000 + ((s[3] - '0') * 10) + (s[4] - '0'), q, revision);
        return true;
    }

    /// <summary>Parses an identifier; throws <see cref="FormatException"/> when it is not <c>RVUyyQ[R]</c>.</summary>
    public static ReleaseId Parse(string text)
        => TryParse(text, out var id) ? id : throw new FormatException("A release is written RVU, a two-digit year and a quarter letter, such as RVU25D.");

    /// <inheritdoc/>
    public override string ToString() => _text ?? string.Empty;

    /// <inheritdoc/>
    public bool Equals(ReleaseId other) => Year == other.Year && Quarter == other.Quarter && Revision == other.Revision;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ReleaseId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Year, Quarter, Revision);

    /// <summary>Chronological order: year, quarter, revision.</summary>
    public int CompareTo(ReleaseId other)
        => Year != other.Year ? Year.CompareTo(other.Year) : Quarter != other.Quarter ? Quarter.CompareTo(other.Quarter) : Revision.CompareTo(other.Revision);

    /// <summary>Equality.</summary>
    public static bool operator ==(ReleaseId left, ReleaseId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(ReleaseId left, ReleaseId right) => !left.Equals(right);

    /// <summary>Order.</summary>
    public static bool operator <(ReleaseId left, ReleaseId right) => left.CompareTo(right) < 0;

    /// <summary>Order.</summary>
    public static bool operator >(ReleaseId left, ReleaseId right) => left.CompareTo(right) > 0;

    /// <summary>Order.</summary>
    public static bool operator <=(ReleaseId left, ReleaseId right) => left.CompareTo(right) <= 0;

    /// <summary>Order.</summary>
    public static bool operator >=(ReleaseId left, ReleaseId right) => left.CompareTo(right) >= 0;
}
