using FsCheck.Xunit;

namespace MedPayIQ.Pricing.Tests;

/// <summary>The domain primitives: validation, text round trips and order (FsCheck laws).</summary>
public class ValueTypeTests
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private static string Code(byte a, byte b, byte c, byte d, byte e)
        => new([Alphabet[a % 36], Alphabet[b % 36], Alphabet[c % 36], Alphabet[d % 36], Alphabet[e % 36]]);

    [Property]
    public bool Hcpcs_text_round_trips(byte a, byte b, byte c, byte d, byte e)
    {
        var text = Code(a, b, c, d, e);
        return HcpcsCode.TryParse(text, out var code) && code.ToString() == text && HcpcsCode.Parse(text.ToLowerInvariant()) == code;
    }

    [Property]
    public bool Hcpcs_order_is_the_ordinal_order_of_the_text(byte a, byte b, byte c, byte d, byte e, byte f, byte g, byte h, byte i, byte j)
    {
        string x = Code(a, b, c, d, e), y = Code(f, g, h, i, j);
        return Math.Sign(HcpcsCode.Parse(x).CompareTo(HcpcsCode.Parse(y))) == Math.Sign(string.CompareOrdinal(x, y));
    }

    [Property]
    public bool Hcpcs_byte_and_char_parsers_agree_on_any_input(byte a, byte b, byte c, byte d, byte e, bool biased)
    {
        // Half the cases are drawn from the alphabet so that valid codes are common, half from every byte value.
        byte[] bytes = biased ? [.. Code(a, b, c, d, e).Select(x => (byte)x)] : [a, b, c, d, e];
        var chars = new string([.. bytes.Select(x => (char)x)]);
        bool okBytes = HcpcsCode.TryParseUtf8(bytes, out var fromBytes);
        bool okChars = HcpcsCode.TryParse(chars, out var fromChars);
        bool expected = chars.All(ch => ch is (>= '0' and <= '9') or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z'));
        return okBytes == expected && okChars == expected && fromBytes == fromChars && (!expected || string.Equals(fromBytes.ToString(), chars.ToUpperInvariant(), StringComparison.Ordinal));
    }

    [Property]
    public bool Hcpcs_and_modifier_bytes_are_their_text_in_ascii(byte a, byte b, byte c, byte d, byte e, byte room)
    {
        // Through the method and through IUtf8SpanFormattable (string interpolation into UTF-8 uses it); a destination
        // too short writes nothing and says so; None writes nothing.
        var code = HcpcsCode.Parse(Code(a, b, c, d, e));
        var modifier = Modifier.Parse(Code(a, b, c, d, e)[..2]);
        Span<byte> buffer = stackalloc byte[8];
        var into = buffer[..(room % 8)];
        bool codeFits = code.TryFormatUtf8(into, out int codeBytes);
        bool codeOk = codeFits == (into.Length >= 5) && (!codeFits || System.Text.Encoding.ASCII.GetString(into[..codeBytes]) == code.ToString()) && (codeFits || codeBytes == 0);
        bool modifierFits = ((IUtf8SpanFormattable)modifier).TryFormat(into, out int modifierBytes, default, null);
        bool modifierOk = modifierFits == (into.Length >= 2) && (!modifierFits || System.Text.Encoding.ASCII.GetString(into[..modifierBytes]) == modifier.ToString());
        bool none = HcpcsCode.None.TryFormatUtf8([], out int n1) && Modifier.None.TryFormatUtf8([], out int n2) && n1 == 0 && n2 == 0;
        return codeOk && modifierOk && none;
    }

    [Property]
    public bool Modifier_byte_and_char_parsers_agree_on_any_input(byte a, byte b, bool biased)
    {
        byte[] bytes = biased ? [(byte)Alphabet[a % 36], (byte)(b % 3 == 0 ? ' ' : Alphabet[b % 36])] : [a, b];
        var chars = new string([.. bytes.Select(x => (char)x)]);
        bool okBytes = Modifier.TryParseUtf8(bytes, out var fromBytes);
        bool okChars = Modifier.TryParse(chars, out var fromChars);
        return okBytes == okChars && fromBytes == fromChars;
    }

    /// <summary>
    /// A modifier list read from bytes or from characters gives the same set, and the set the reading by separators and
    /// two-character modifiers (each through <see cref="Modifier.TryParse(ReadOnlySpan{char}, out Modifier)"/>) gives.
    /// </summary>
    [Property(MaxTest = 2000)]
    public bool Modifier_set_byte_and_char_parsers_agree_with_the_modifier_by_modifier_reading(byte[] picks, bool biased)
    {
        const string alphabet = "0123456789ABZaz ,-;|\t.+é";
        var chars = new string([.. (picks ?? []).Take(12).Select(p => biased ? alphabet[p % alphabet.Length] : (char)p)]);
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(chars);
        bool okChars = ModifierSet.TryParse(chars, out var fromChars);
        bool okBytes = ModifierSet.TryParseUtf8(bytes, out var fromBytes);
        bool okReference = Reference(chars, out var reference);
        return okChars == okReference && okBytes == okReference && fromChars == reference && fromBytes == reference;

        static bool Reference(string text, out ModifierSet set)
        {
            set = default;
            for (int i = 0; i < text.Length;)
            {
                if (text[i] is ',' or ' ' or '-' or ';' or '|' or '\t')
                {
                    i++;
                    continue;
                }

                if (i + 2 > text.Length || !Modifier.TryParse(text.AsSpan(i, 2), out var m) || !m.IsSome || set.Contains(m) || set.Count == ModifierSet.Capacity)
                {
                    set = default;
                    return false;
                }

                set = set.Add(m);
                i += 2;
            }

            return true;
        }
    }

    [Property]
    public bool Modifier_text_round_trips(byte a, byte b)
    {
        var text = new string([Alphabet[a % 36], Alphabet[b % 36]]);
        return Modifier.TryParse(text, out var m) && m.ToString() == text && m.IsSome;
    }

    [Property]
    public bool Locality_key_round_trips(ushort carrier, byte locality)
    {
        var key = LocalityKey.Create(carrier % 100_000, locality % 100);
        return LocalityKey.Parse(key.ToString()) == key && key.Carrier == carrier % 100_000 && key.Locality == locality % 100;
    }

    [Theory]
    [InlineData("")]
    [InlineData("7732")]
    [InlineData("773211")]
    [InlineData("77-21")]
    [InlineData(" 7732")]
    [InlineData("7732é")]
    public void Invalid_hcpcs_text_is_refused(string text)
    {
        Assert.False(HcpcsCode.TryParse(text, out var code));
        Assert.Equal(HcpcsCode.None, code);
        Assert.Throws<FormatException>(() => HcpcsCode.Parse(text));
    }

    [Fact]
    public void Hcpcs_kinds()
    {
        Assert.False(HcpcsCode.Parse("77321").IsLevelII);
        Assert.False(HcpcsCode.Parse("0001F").IsLevelII);
        Assert.True(HcpcsCode.Parse("G0121").IsLevelII);
        Assert.True(HcpcsCode.Parse("D0120").IsDental);
        Assert.False(HcpcsCode.None.IsSome);
        Assert.Equal("", HcpcsCode.None.ToString());
    }

    [Theory]
    [InlineData("", true, "")]
    [InlineData("  ", true, "")]
    [InlineData("26", true, "26")]
    [InlineData("tc", true, "TC")]
    [InlineData("2", false, "")]
    [InlineData("TCX", false, "")]
    [InlineData("T-", false, "")]
    public void Modifier_parsing(string text, bool ok, string expected)
    {
        Assert.Equal(ok, Modifier.TryParse(text, out var m));
        Assert.Equal(expected, m.ToString());
    }

    [Theory]
    [InlineData("01182/17", 1182, 17)]
    [InlineData("1182-17", 1182, 17)]
    [InlineData("02102 1", 2102, 1)]
    public void Locality_text_forms(string text, int carrier, int locality)
    {
        var key = LocalityKey.Parse(text);
        Assert.Equal((carrier, locality), (key.Carrier, key.Locality));
        Assert.Equal(carrier.ToString("D5", System.Globalization.CultureInfo.InvariantCulture) + "/" + locality.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), key.ToString());
    }

    [Theory]
    [InlineData("011820/17")]
    [InlineData("01182/170")]
    [InlineData("01182")]
    [InlineData("AB/17")]
    public void Invalid_locality_text_is_refused(string text) => Assert.False(LocalityKey.TryParse(text, out _));

    [Theory]
    [InlineData("RVU25A", 2025, 'A', 0, "2025-01-01")]
    [InlineData("rvu25d", 2025, 'D', 0, "2025-10-01")]
    [InlineData("RVU25AR", 2025, 'A', 1, "2025-01-01")]
    [InlineData("RVU26C", 2026, 'C', 0, "2026-07-01")]
    public void Release_ids(string text, int year, char quarter, int revision, string start)
    {
        var id = ReleaseId.Parse(text);
        Assert.Equal((year, quarter, revision), (id.Year, id.Quarter, id.Revision));
        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), id.QuarterStart);
        Assert.Equal(text.ToUpperInvariant(), id.ToString());
    }

    [Theory]
    [InlineData("RVU25E")]
    [InlineData("RVU2A")]
    [InlineData("PFS25A")]
    [InlineData("RVU25AX")]
    public void Invalid_release_ids(string text) => Assert.False(ReleaseId.TryParse(text, out _));

    [Property]
    public bool Release_order_is_chronological(byte y1, byte q1, byte y2, byte q2)
    {
        var a = ReleaseId.Create(2000 + (y1 % 100), (char)('A' + (q1 % 4)));
        var b = ReleaseId.Create(2000 + (y2 % 100), (char)('A' + (q2 % 4)));
        return Math.Sign(a.CompareTo(b)) == Math.Sign(a.QuarterStart.CompareTo(b.QuarterStart));
    }

    [Property]
    public bool Scaled_parser_is_exact(uint value, byte scaleSeed)
    {
        int scale = scaleSeed % 5;
        long v = value % 1_000_000_000;
        var text = (v / (long)Math.Pow(10, scale)).ToString(System.Globalization.CultureInfo.InvariantCulture)
            + (scale == 0 ? "" : "." + (v % (long)Math.Pow(10, scale)).ToString("D" + scale, System.Globalization.CultureInfo.InvariantCulture));
        return CmsFields.TryScaled(System.Text.Encoding.ASCII.GetBytes(text), scale, out int parsed) && parsed == v;
    }

    [Theory]
    [InlineData("1.5", 2, 150)]
    [InlineData(".10", 2, 10)]
    [InlineData(" 32.3465", 4, 323465)]
    [InlineData("0", 2, 0)]
    [InlineData("19.31 ", 4, 193100)]
    public void Scaled_parser_accepts_CMS_and_Excel_forms(string text, int scale, int expected)
    {
        Assert.True(CmsFields.TryScaled(System.Text.Encoding.ASCII.GetBytes(text), scale, out int v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("", 2)]
    [InlineData(".", 2)]
    [InlineData("1.234", 2)]
    [InlineData("1..2", 2)]
    [InlineData("-1", 2)]
    [InlineData("1e3", 2)]
    [InlineData("99999999999", 2)]
    [InlineData("NA", 2)]
    public void Scaled_parser_refuses(string text, int scale)
        => Assert.False(CmsFields.TryScaled(System.Text.Encoding.ASCII.GetBytes(text), scale, out _));
}
