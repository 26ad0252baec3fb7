using System.Diagnostics.CodeAnalysis;

namespace MedPayIQ.Pricing;

/// <summary>
/// A five-character HCPCS code (a CPT code such as <c>77321</c> or <c>0001F</c>, or a HCPCS Level II code such as
/// <c>G0121</c>), packed into a single <see cref="int"/>.
/// </summary>
/// <remarks>
/// Each character is one of <c>0-9</c> or <c>A-Z</c> (lower case is accepted and upper-cased). The packed value keeps
/// the ordinal order of the text, so sorting codes sorts them as CMS files do. <c>default</c> is <see cref="None"/>,
/// which is not a valid code.
/// </remarks>
public readonly struct HcpcsCode : IEquatable<HcpcsCode>, IComparable<HcpcsCode>, ISpanFormattable, IUtf8SpanFormattable
{
    private const int Length = 5;
    private const int Radix = 36;
    private readonly int _packed; // 1 + base-36 value; 0 = None

    internal HcpcsCode(int packed) => _packed = packed;

    /// <summary>No code (the default value).</summary>
    public static HcpcsCode None => default;

    /// <summary>Whether this is a real code rather than <see cref="None"/>.</summary>
    public bool IsSome => _packed != 0;

    internal int Packed => _packed;

    /// <summary>The largest packed value: <c>ZZZZZ</c>.</summary>
    public const int MaxPackedValue = 60_466_176; // 36^5

    /// <summary>
    /// The code as one <see cref="int"/> from 1 to <see cref="MaxPackedValue"/> (0 for <see cref="None"/>): one plus the five
    /// characters read as a base-36 number. Stable across versions and in the codes' text order, so it serves as a compact
    /// key in tables and files (the NCCI tables and compiled snapshots store codes this way).
    /// </summary>
    public int PackedValue => _packed;

    /// <summary>The code whose <see cref="PackedValue"/> is <paramref name="packedValue"/>; 0 gives <see cref="None"/>.</summary>
    /// <param name="packedValue">From 0 to <see cref="MaxPackedValue"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or above <see cref="MaxPackedValue"/>.</exception>
    public static HcpcsCode FromPackedValue(int packedValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(packedValue);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(packedValue, MaxPackedValue);
        return new HcpcsCode(packedValue);
    }

    /// <summary>
    /// Whether the code is a HCPCS Level II code (a letter then four digits), whose descriptors are public. CPT codes
    /// (Category I, II, III and PLA) start with a digit and their descriptors are copyright the AMA.
    /// </summary>
    public bool IsLevelII => IsSome && FirstChar() is >= 'A' and <= 'Z';

    /// <summary>Whether the code is a CDT dental code (<c>Dxxxx</c>), whose descriptors are copyright the ADA.</summary>
    public bool IsDental => FirstChar() == 'D';

    private char FirstChar()
    {
        if (_packed == 0)
        {
            return '\0';
        }

        int v = _packed - 1;
        for (int i = 0; i < Length - 1; i++)
        {
            v /= Radix;
        }

        return Base36.Char(v);
    }

    /// <summary>Parses a code; throws <see cref="FormatException"/> when <paramref name="text"/> is not five letters or digits.</summary>
    /// <param name="text">Five characters, <c>0-9</c> and <c>A-Z</c>.</param>
    public static HcpcsCode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <inheritdoc cref="Parse(string)"/>
    public static HcpcsCode Parse(ReadOnlySpan<char> text)
        => TryParse(text, out var code) ? code : throw new FormatException("A HCPCS code is five letters or digits, such as 77321 or G0121.");

    /// <summary>Tries to parse a code of exactly five letters or digits; surrounding spaces are not accepted.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out HcpcsCode code)
    {
        if (text is null)
        {
            code = default;
            return false;
        }

        return TryParse(text.AsSpan(), out code);
    }

    /// <inheritdoc cref="TryParse(string?, out HcpcsCode)"/>
    public static bool TryParse(ReadOnlySpan<char> text, out HcpcsCode code)
    {
        if (text.Length != Length)
        {
            code = default;
            return false;
        }

        uint a = Base36.Of(text[0]), b = Base36.Of(text[1]), c = Base36.Of(text[2]), d = Base36.Of(text[3]), e = Base36.Of(text[4]);
        if (((a | b | c | d | e) & 0x80) != 0) // 0xFF marks a byte that is not a base-36 digit
        {
            code = default;
            return false;
        }

        code = new HcpcsCode((int)((((((((a * Radix) + b) * Radix) + c) * Radix) + d) * Radix) + e + 1));
        return true;
    }

    /// <summary>
    /// Tries to parse a code from UTF-8 (ASCII) bytes, as read from a file without decoding it: exactly five letters or
    /// digits. Allocates nothing.
    /// </summary>
    /// <param name="text">The bytes of the code.</param>
    /// <param name="code">The code, or <see cref="None"/> when the bytes are not a code.</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] // a PTP load parses two million codes
    public static bool TryParseUtf8(ReadOnlySpan<byte> text, out HcpcsCode code)
    {
        if (text.Length != Length)
        {
            code = default;
            return false;
        }

        var map = Base36.Digits;
        uint a = map[text[0]], b = map[text[1]], c = map[text[2]], d = map[text[3]], e = map[text[4]];
        if (((a | b | c | d | e) & 0x80) != 0) // 0xFF marks a byte that is not a base-36 digit
        {
            code = default;
            return false;
        }

        code = new HcpcsCode((int)((((((((a * Radix) + b) * Radix) + c) * Radix) + d) * Radix) + e + 1));
        return true;
    }

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
        => Base36.TryFormat(_packed, Length, destination, out charsWritten);

    /// <summary>Writes the code as five ASCII bytes (nothing for <see cref="None"/>), as <see cref="TryFormat(Span{char}, out int, ReadOnlySpan{char}, IFormatProvider?)"/> writes characters: UTF-8 output without a string.</summary>
    /// <param name="utf8Destination">Where to write.</param>
    /// <param name="bytesWritten">The bytes written.</param>
    /// <returns>False when the destination is too short (nothing written).</returns>
    public bool TryFormatUtf8(Span<byte> utf8Destination, out int bytesWritten) => Base36.TryFormat(_packed, Length, utf8Destination, out bytesWritten);

    bool IUtf8SpanFormattable.TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        => TryFormatUtf8(utf8Destination, out bytesWritten);

    /// <summary>The five-character code, or an empty string for <see cref="None"/>.</summary>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[Length];
        TryFormat(buffer, out int n);
        return new string(buffer[..n]);
    }

    string IFormattable.ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool Equals(HcpcsCode other) => _packed == other._packed;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is HcpcsCode other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _packed;

    /// <summary>Orders codes as their text is ordered (ordinal).</summary>
    public int CompareTo(HcpcsCode other) => _packed.CompareTo(other._packed);

    /// <summary>Equality.</summary>
    public static bool operator ==(HcpcsCode left, HcpcsCode right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(HcpcsCode left, HcpcsCode right) => !left.Equals(right);

    /// <summary>Ordinal order.</summary>
    public static bool operator <(HcpcsCode left, HcpcsCode right) => left._packed < right._packed;

    /// <summary>Ordinal order.</summary>
    public static bool operator >(HcpcsCode left, HcpcsCode right) => left._packed > right._packed;

    /// <summary>Ordinal order.</summary>
    public static bool operator <=(HcpcsCode left, HcpcsCode right) => left._packed <= right._packed;

    /// <summary>Ordinal order.</summary>
    public static bool operator >=(HcpcsCode left, HcpcsCode right) => left._packed >= right._packed;
}
