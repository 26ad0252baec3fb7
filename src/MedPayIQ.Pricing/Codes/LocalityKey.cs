using System.Diagnostics.CodeAnalysis;

namespace MedPayIQ.Pricing;

/// <summary>
/// A Medicare payment locality: the Medicare Administrative Contractor (MAC, "carrier") number and the two-digit
/// locality number, such as <c>01182/17</c> (Southern California, Los Angeles). Packed into an <see cref="int"/>.
/// </summary>
/// <remarks>
/// CMS writes carriers as five digits and localities as two; some CMS CSV files strip the leading zeros
/// (<c>1182</c>, <c>0</c>), which the loaders restore. The text form is <c>CCCCC/LL</c>.
/// </remarks>
public readonly struct LocalityKey : IEquatable<LocalityKey>, IComparable<LocalityKey>, ISpanFormattable
{
    private readonly int _packed; // carrier * 100 + locality + 1; 0 = none

    internal LocalityKey(int carrier, int locality) => _packed = (carrier * 100) + locality + 1;

    private LocalityKey(int packed, bool _) => _packed = packed;

    /// <summary>No locality (the default value).</summary>
    public static LocalityKey None => default;

    /// <summary>Whether this is a real locality.</summary>
    public bool IsSome => _packed != 0;

    /// <summary>The MAC/carrier number, 0 to 99999 (printed with five digits).</summary>
    public int Carrier => (_packed - 1) / 100;

    /// <summary>The locality number within the carrier, 0 to 99 (printed with two digits).</summary>
    public int Locality => (_packed - 1) % 100;

    internal int Packed => _packed;

    internal static LocalityKey FromPacked(int packed) => new(packed, true);

    /// <summary>Creates a key from a carrier (0 to 99999) and a locality number (0 to 99).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of range.</exception>
    public static LocalityKey Create(int carrier, int locality)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(carrier);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(carrier, 99999);
        ArgumentOutOfRangeException.ThrowIfNegative(locality);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(locality, 99);
        return new LocalityKey(carrier, locality);
    }

    /// <summary>Tries to create a key from a carrier and a locality as CMS writes them (<c>"01182"</c>, <c>"17"</c>; leading zeros optional).</summary>
    public static bool TryCreate(ReadOnlySpan<char> carrier, ReadOnlySpan<char> locality, out LocalityKey key)
    {
        key = default;
        if (!TryDigits(carrier.Trim(), 5, out int c) || !TryDigits(locality.Trim(), 2, out int l))
        {
            return false;
        }

        key = new LocalityKey(c, l);
        return true;
    }

    /// <summary>Tries to parse <c>CCCCC/LL</c> (also <c>CCCCC-LL</c> or <c>CCCCC LL</c>).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out LocalityKey key)
    {
        key = default;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        int sep = span.IndexOfAny("/- ");
        return sep > 0 && TryCreate(span[..sep], span[(sep + 1)..], out key);
    }

    /// <summary>Parses <c>CCCCC/LL</c>; throws <see cref="FormatException"/> otherwise.</summary>
    public static LocalityKey Parse(string text)
        => TryParse(text, out var key) ? key : throw new FormatException("A locality is written carrier/locality, such as 01182/17.");

    private static bool TryDigits(ReadOnlySpan<char> s, int maxLength, out int value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > maxLength)
        {
            return false;
        }

        foreach (char c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        charsWritten = 0;
        if (_packed == 0)
        {
            return true;
        }

        if (destination.Length < 8)
        {
            return false;
        }

        int c = Carrier, l = Locality;
        for (int i = 4; i >= 0; i--)
        {
            destination[i] = (char)('0' + (c % 10));
            c /= 10;
        }

        destination[5] = '/';
        destination[6] = (char)('0' + (l / 10));
        destination[7] = (char)('0' + (l % 10));
        charsWritten = 8;
        return true;
    }

    /// <summary>The five-digit carrier number as CMS prints it.</summary>
    public string CarrierText => Carrier.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The two-digit locality number as CMS prints it.</summary>
    public string LocalityText => Locality.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><c>CCCCC/LL</c>, or an empty string for <see cref="None"/>.</summary>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[8];
        TryFormat(buffer, out int n);
        return new string(buffer[..n]);
    }

    string IFormattable.ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool Equals(LocalityKey other) => _packed == other._packed;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is LocalityKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _packed;

    /// <summary>Orders by carrier, then locality.</summary>
    public int CompareTo(LocalityKey other) => _packed.CompareTo(other._packed);

    /// <summary>Equality.</summary>
    public static bool operator ==(LocalityKey left, LocalityKey right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(LocalityKey left, LocalityKey right) => !left.Equals(right);

    /// <summary>Order.</summary>
    public static bool operator <(LocalityKey left, LocalityKey right) => left._packed < right._packed;

    /// <summary>Order.</summary>
    public static bool operator >(LocalityKey left, LocalityKey right) => left._packed > right._packed;

    /// <summary>Order.</summary>
    public static bool operator <=(LocalityKey left, LocalityKey right) => left._packed <= right._packed;

    /// <summary>Order.</summary>
    public static bool operator >=(LocalityKey left, LocalityKey right) => left._packed >= right._packed;
}
