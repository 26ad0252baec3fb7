using System.Diagnostics.CodeAnalysis;

namespace MedPayIQ.Pricing;

/// <summary>
/// A two-character CPT/HCPCS modifier (<c>26</c>, <c>TC</c>, <c>53</c>, <c>50</c>, <c>LT</c>...), packed into a
/// <see cref="ushort"/>. <c>default</c> is <see cref="None"/>: no modifier, which in the RVU file is the global service.
/// </summary>
public readonly struct Modifier : IEquatable<Modifier>, IComparable<Modifier>, ISpanFormattable, IUtf8SpanFormattable
{
    private const int Radix = 36;
    private readonly ushort _packed; // 0 = none, else 1 + c0*36 + c1

    internal Modifier(ushort packed) => _packed = packed;

    /// <summary>The modifier of two base-36 digits (each 0-35).</summary>
    internal static Modifier OfDigits(uint first, uint second) => new((ushort)(1 + (first * Radix) + second));

    /// <summary>No modifier (the global service in the RVU file).</summary>
    public static Modifier None => default;

    /// <summary>Modifier 26, the professional component.</summary>
    public static Modifier ProfessionalComponent { get; } = Parse("26");

    /// <summary>Modifier TC, the technical component.</summary>
    public static Modifier TechnicalComponent { get; } = Parse("TC");

    /// <summary>Modifier 53, discontinued procedure (its own RVU row for a few colonoscopy codes).</summary>
    public static Modifier Discontinued { get; } = Parse("53");

    /// <summary>Whether this is a real modifier rather than <see cref="None"/>.</summary>
    public bool IsSome => _packed != 0;

    internal ushort Packed => _packed;

    /// <summary>The largest packed value: <c>ZZ</c>.</summary>
    public const int MaxPackedValue = 1_296; // 36^2

    /// <summary>
    /// The modifier as a number from 1 to <see cref="MaxPackedValue"/> (0 for <see cref="None"/>): one plus the two
    /// characters read as a base-36 number. Stable across versions and in the modifiers' text order; a compact key.
    /// </summary>
    public int PackedValue => _packed;

    /// <summary>The modifier whose <see cref="PackedValue"/> is <paramref name="packedValue"/>; 0 gives <see cref="None"/>.</summary>
    /// <param name="packedValue">From 0 to <see cref="MaxPackedValue"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or above <see cref="MaxPackedValue"/>.</exception>
    public static Modifier FromPackedValue(int packedValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(packedValue);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(packedValue, MaxPackedValue);
        return new Modifier((ushort)packedValue);
    }

    /// <summary>Parses a two-character modifier; throws <see cref="FormatException"/> otherwise.</summary>
    public static Modifier Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text.AsSpan(), out var m) ? m : throw new FormatException("A modifier is two letters or digits, such as 26, TC or LT.");
    }

    /// <summary>
    /// Tries to parse a modifier: exactly two letters or digits, or an empty/blank text for <see cref="None"/>.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Modifier modifier)
    {
        if (text is null)
        {
            modifier = default;
            return false;
        }

        return TryParse(text.AsSpan(), out modifier);
    }

    /// <inheritdoc cref="TryParse(string?, out Modifier)"/>
    public static bool TryParse(ReadOnlySpan<char> text, out Modifier modifier)
    {
        modifier = default;
        text = text.Trim(' ');
        if (text.IsEmpty)
        {
            return true;
        }

        if (text.Length != 2)
        {
            return false;
        }

        uint a = Base36.Of(text[0]), b = Base36.Of(text[1]);
        if (((a | b) & 0x80) != 0)
        {
            return false;
        }

        modifier = OfDigits(a, b);
        return true;
    }

    /// <summary>
    /// Tries to parse a modifier from UTF-8 (ASCII) bytes, as read from a file without decoding it: two letters or digits,
    /// or blank for <see cref="None"/>. Allocates nothing.
    /// </summary>
    /// <param name="text">The bytes of the modifier.</param>
    /// <param name="modifier">The modifier, or <see cref="None"/>.</param>
    public static bool TryParseUtf8(ReadOnlySpan<byte> text, out Modifier modifier)
    {
        modifier = default;
        if (text.Length != 2 || text[0] == (byte)' ' || text[1] == (byte)' ')
        {
            text = text.Trim((byte)' ');
            if (text.IsEmpty)
            {
                return true;
            }

            if (text.Length != 2)
            {
                return false;
            }
        }

        uint a = Base36.Digits[text[0]], b = Base36.Digits[text[1]];
        if (((a | b) & 0x80) != 0)
        {
            return false;
        }

        modifier = OfDigits(a, b);
        return true;
    }

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
        => Base36.TryFormat(_packed, 2, destination, out charsWritten);

    /// <summary>Writes the modifier as two ASCII bytes (nothing for <see cref="None"/>), as <see cref="TryFormat(Span{char}, out int, ReadOnlySpan{char}, IFormatProvider?)"/> writes characters: UTF-8 output without a string.</summary>
    /// <param name="utf8Destination">Where to write.</param>
    /// <param name="bytesWritten">The bytes written.</param>
    /// <returns>False when the destination is too short (nothing written).</returns>
    public bool TryFormatUtf8(Span<byte> utf8Destination, out int bytesWritten) => Base36.TryFormat(_packed, 2, utf8Destination, out bytesWritten);

    bool IUtf8SpanFormattable.TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        => TryFormatUtf8(utf8Destination, out bytesWritten);

    /// <summary>The two-character modifier, or an empty string for <see cref="None"/>.</summary>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[2];
        TryFormat(buffer, out int n);
        return new string(buffer[..n]);
    }

    string IFormattable.ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool Equals(Modifier other) => _packed == other._packed;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Modifier other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _packed;

    /// <summary>Ordinal order of the text; <see cref="None"/> first.</summary>
    public int CompareTo(Modifier other) => _packed.CompareTo(other._packed);

    /// <summary>Equality.</summary>
    public static bool operator ==(Modifier left, Modifier right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Modifier left, Modifier right) => !left.Equals(right);

    /// <summary>Ordinal order.</summary>
    public static bool operator <(Modifier left, Modifier right) => left._packed < right._packed;

    /// <summary>Ordinal order.</summary>
    public static bool operator >(Modifier left, Modifier right) => left._packed > right._packed;

    /// <summary>Ordinal order.</summary>
    public static bool operator <=(Modifier left, Modifier right) => left._packed <= right._packed;

    /// <summary>Ordinal order.</summary>
    public static bool operator >=(Modifier left, Modifier right) => left._packed >= right._packed;
}
