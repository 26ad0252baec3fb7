using System.Globalization;
using System.Text;
using MedPayIQ.Pricing;
using Column = MedPayIQ.Cli.ClaimFileReader.Column;

namespace MedPayIQ.Cli.Reprice;

/// <summary>A row that could not be read, as written back: its claim id, line and fields as the file gave them, and why.</summary>
/// <param name="Position">The row's place among its claim's rows (0 for the first).</param>
/// <param name="ClaimId">The claim_id as read (empty when the row had none).</param>
/// <param name="Line">The line field, or the row's place in its claim (1 for the first).</param>
/// <param name="Date">The date as read.</param>
/// <param name="Hcpcs">The hcpcs as read.</param>
/// <param name="Modifiers">The modifiers as read.</param>
/// <param name="Units">The units as read.</param>
/// <param name="Reason">What was wrong: the file, line, column, value and what was expected.</param>
internal sealed record RejectedRow(int Position, string ClaimId, string Line, string Date, string Hcpcs, string Modifiers, string Units, string Reason);

/// <summary>A claim of a claim file, parsed: the claim of its readable rows (null when none was), and its rows that were not.</summary>
internal sealed class ParsedClaim
{
    /// <summary>The claim id.</summary>
    public string Id { get; set; } = "";

    private Claim? _claim;

    /// <summary>The claim's fields (those of its first readable row; no lines), or null when no row could be read.</summary>
    public Claim? Header { get; set; }

    /// <summary>The lines of the readable rows (the list is reused for the next claim).</summary>
    public List<ClaimLine> Lines { get; } = [];

    /// <summary>The claim of the readable rows (made when first read), or null when no row could be read.</summary>
    public Claim? Claim => Header is null ? null : _claim ??= Header with { Lines = [.. Lines] };

    /// <summary>Empties the claim for the next one.</summary>
    public void Clear()
    {
        Header = null;
        _claim = null;
        Lines.Clear();
        Numbers.Clear();
        Rejected.Clear();
    }

    /// <summary>The line numbers to echo, one per readable row.</summary>
    public List<string> Numbers { get; } = [];

    /// <summary>The rows that could not be read, in file order.</summary>
    public List<RejectedRow> Rejected { get; } = [];

    /// <summary>The first row's error, or null when every row was read.</summary>
    public string? FirstError => Rejected.Count > 0 ? Rejected[0].Reason : null;

    /// <summary>The claim's rows: readable and not.</summary>
    public int Rows => Numbers.Count + Rejected.Count;
}

/// <summary>
/// Parses the rows of claims in a <see cref="RowBatch"/>: every value through the rules of <see cref="ClaimInput"/>,
/// from the bytes (no string per field of a good row; a bad value gets <see cref="ClaimInput"/>'s message after the
/// file, line and column). A claim takes its location, provider and flags from its first readable row. Not
/// thread-safe: one per worker.
/// </summary>
internal sealed class ClaimRows(string file)
{
    /// <summary>"1" to "999": the line numbers most files give, without a string each.</summary>
    private static readonly string[] Numbers = [.. Enumerable.Range(0, ClaimFileReader.MaxLinesPerClaim + 1).Select(n => n.ToString(CultureInfo.InvariantCulture))];

    private static readonly PlaceOfService?[] Places = [.. Enumerable.Range(0, 100).Select(n => PlaceOfService.TryParse(n.ToString("D2", CultureInfo.InvariantCulture), out var p) ? p : (PlaceOfService?)null)];

    /// <summary>
    /// The claim fields of the fast path's rows, one immutable <see cref="Claim"/> (no lines) for each combination seen:
    /// a claim copies the one of its first row with its lines, not a header of its own first (a file names few
    /// localities and places). Keyed by locality (default: national), place of service (-1: none) and the three flags.
    /// </summary>
    private readonly Dictionary<(LocalityKey Locality, int Place, int Flags), Claim> _headers = [];

    /// <summary>The file's name, as messages give it.</summary>
    public string File => file;

    /// <summary>
    /// Claim <paramref name="claim"/> of <paramref name="batch"/>: its readable rows as a claim, the others rejected
    /// with their reasons; with <paramref name="stopAtFirstError"/>, nothing after the first row that is not read.
    /// </summary>
    public ParsedClaim Parse(RowBatch batch, int claim, bool stopAtFirstError, ParsedClaim? into = null)
    {
        var parsed = into ?? new ParsedClaim();
        parsed.Clear();
        parsed.Id = batch.ClaimId(claim);
        Claim? header = null;
        var (start, end) = batch.ClaimRows(claim);
        for (int row = start; row < end; row++)
        {
            string? error = batch.Error(row);
            if (error is null)
            {
                try
                {
                    var h = header ?? ClaimOf(batch, row, file);
                    parsed.Lines.Add(LineOf(batch, row, file));
                    header = h;
                    parsed.Numbers.Add(LineNumber(batch, row, row - start + 1));
                    continue;
                }
                catch (UsageException ex)
                {
                    error = ex.Message;
                }
            }

            parsed.Rejected.Add(Rejected(batch, row, row - start, error));
            if (stopAtFirstError)
            {
                return parsed;
            }
        }

        parsed.Header = header;
        return parsed;
    }

    private static RejectedRow Rejected(RowBatch batch, int row, int position, string reason)
    {
        string Text(Column c) => Encoding.UTF8.GetString(batch.Field(row, (int)c)).Trim();
        string line = Text(Column.Line);
        return new RejectedRow(position, Text(Column.ClaimId), line.Length > 0 ? line : Numbers[Math.Min(position + 1, Numbers.Length - 1)],
            Text(Column.Date), Text(Column.Hcpcs), Text(Column.Modifiers), Text(Column.Units), reason);
    }

    /// <summary>The line field of a row, trimmed, or its place in its claim when blank.</summary>
    private static string LineNumber(RowBatch batch, int row, int place)
    {
        var raw = batch.Field(row, (int)Column.Line);
        if (raw.Length is > 0 and <= 3 && raw[0] != (byte)'0' && Digits(raw) is int number and > 0)
        {
            return Numbers[number]; // "1" to "999" as written: the usual line field, without a string each
        }

        Span<char> buffer = stackalloc char[64];
        var text = Chars(batch.Field(row, (int)Column.Line), buffer, out string? whole);
        if (text.IsEmpty)
        {
            return place < Numbers.Length ? Numbers[place] : place.ToString(CultureInfo.InvariantCulture);
        }

        return text.Length <= 3 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 && text[0] != '0' ? Numbers[n] : whole ?? text.ToString();
    }

    /// <summary>A field's text, trimmed (as <see cref="string.Trim()"/> trims): in <paramref name="buffer"/> when it fits, else a string (<paramref name="whole"/>).</summary>
    private static ReadOnlySpan<char> Chars(ReadOnlySpan<byte> utf8, Span<char> buffer, out string? whole)
    {
        if (utf8.Length <= buffer.Length)
        {
            whole = null;
            return buffer[..Encoding.UTF8.GetChars(utf8, buffer)].Trim();
        }

        whole = Encoding.UTF8.GetString(utf8).Trim();
        return whole;
    }

    /// <summary>The value <paramref name="parse"/> reads from the text (it throws the message), after the file, line and column.</summary>
    private static T Refuse<T>(string file, long line, string column, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (UsageException ex)
        {
            throw new UsageException($"{file} line {line} column {column}: {ex.Message}");
        }
    }

    /// <summary>
    /// The value <paramref name="parse"/> reads from <paramref name="text"/> (it throws the message), after the file,
    /// line and column: the slow path of a field the fast path refused, taking its text as an argument (a lambda over the
    /// caller's parameters would put a closure on every call, read or not).
    /// </summary>
    private static T Refused<T>(string file, long line, string column, string text, string what, Func<string, string, T> parse)
        => Refuse(file, line, column, () => parse(text, what));

    /// <summary>The claim fields of a row (location, pos, facility, provider, participating, qp).</summary>
    internal Claim ClaimOf(RowBatch r, int row, string file) => TryClaimOf(r, row) ?? ClaimOfText(r, row, file);

    /// <summary>
    /// The fast path of the claim fields, from the bytes (no string, no closure): a carrier and locality or none, no
    /// ZIP code, a two-digit place of service or none, the default provider, flags in their usual words. Null for
    /// anything else, which <see cref="ClaimOfText"/> reads (and names when wrong): the same answers.
    /// </summary>
    private Claim? TryClaimOf(RowBatch r, int row)
    {
        Span<char> first = stackalloc char[16], second = stackalloc char[16];
        if (!Chars(r.Field(row, (int)Column.Zip), first, out _).IsEmpty || !Chars(r.Field(row, (int)Column.Provider), first, out _).IsEmpty)
        {
            return null;
        }

        var carrier = Chars(r.Field(row, (int)Column.Carrier), first, out string? c);
        var locality = Chars(r.Field(row, (int)Column.Locality), second, out string? l);
        PricingLocation location;
        if (c is not null || l is not null || carrier.IsEmpty != locality.IsEmpty)
        {
            return null;
        }
        else if (carrier.IsEmpty)
        {
            location = PricingLocation.National;
        }
        else if (LocalityKey.TryCreate(carrier, locality, out var key))
        {
            location = PricingLocation.Of(key);
        }
        else
        {
            return null;
        }

        PlaceOfService? place = null;
        int placeCode = -1;
        var pos = Chars(r.Field(row, (int)Column.Pos), first, out string? p);
        if (!pos.IsEmpty)
        {
            if (p is not null || pos.Length != 2 || !int.TryParse(pos, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || Places[n] is not { } known)
            {
                return null;
            }

            place = known;
            placeCode = n;
        }

        if (!TryFlag(Chars(r.Field(row, (int)Column.Facility), first, out _), false, out bool facility)
            || !TryFlag(Chars(r.Field(row, (int)Column.Participating), first, out _), true, out bool participating)
            || !TryFlag(Chars(r.Field(row, (int)Column.Qp), first, out _), false, out bool qp))
        {
            return null;
        }

        var fields = (location.Locality, placeCode, (facility ? 1 : 0) | (participating ? 2 : 0) | (qp ? 4 : 0));
        if (_headers.TryGetValue(fields, out var header))
        {
            return header;
        }

        if (_headers.Count == 4096)
        {
            _headers.Clear(); // a file of many places: kept bounded
        }

        return _headers[fields] = new Claim([])
        {
            Location = location,
            PlaceOfService = place,
            Setting = facility ? PricingSetting.Facility : PricingSetting.NonFacility,
            Provider = ProviderKind.Physician,
            Participation = participating ? Participation.Participating : Participation.NonParticipating,
            ApmStatus = qp ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying,
        };
    }

    /// <summary>A flag in the words <see cref="Flag"/> takes, from a span; false when not one of them.</summary>
    private static bool TryFlag(ReadOnlySpan<char> text, bool absent, out bool value)
    {
        value = absent;
        if (text.IsEmpty)
        {
            return true;
        }

        foreach (var (word, meaning) in (ReadOnlySpan<(string, bool)>)[("Y", true), ("N", false), ("YES", true), ("NO", false), ("TRUE", true), ("FALSE", false), ("1", true), ("0", false)])
        {
            if (text.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                value = meaning;
                return true;
            }
        }

        return false;
    }

    /// <summary>The claim fields through <see cref="ClaimInput"/>'s parsers, each error naming its line and column.</summary>
    private static Claim ClaimOfText(RowBatch r, int row, string file)
    {
        long line = r.Line(row);
        string Text(Column c) => Encoding.UTF8.GetString(r.Field(row, (int)c)).Trim();
        T Cell<T>(string column, Func<T> parse) => Refuse(file, line, column, parse);
        string carrier = Text(Column.Carrier), locality = Text(Column.Locality), zip = Text(Column.Zip);
        string pos = Text(Column.Pos), provider = Text(Column.Provider), beneficiaryZip = Text(Column.BeneficiaryZip);
        return new Claim([])
        {
            Location = Cell("carrier/locality/zip", () => ClaimInput.Location(carrier.Length > 0 ? carrier : null, locality.Length > 0 ? locality : null, zip.Length > 0 ? zip : null, national: false)),
            BeneficiaryZip = beneficiaryZip.Length > 0 ? Cell("beneficiary_zip", () => ClaimInput.BeneficiaryZip(beneficiaryZip)) : null,
            PlaceOfService = pos.Length > 0 ? Cell("pos", () => ClaimInput.Pos(pos)) : null,
            Setting = Cell("facility", () => Flag(Text(Column.Facility), false)) ? PricingSetting.Facility : PricingSetting.NonFacility,
            Provider = Cell("provider", () => ClaimInput.Provider(provider.Length > 0 ? provider : null)),
            Participation = Cell("participating", () => Flag(Text(Column.Participating), true)) ? Participation.Participating : Participation.NonParticipating,
            ApmStatus = Cell("qp", () => Flag(Text(Column.Qp), false)) ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying,
        };
    }

    /// <summary>The line fields of a row, parsed from their bytes; a bad one is a <see cref="UsageException"/> naming the line and column.</summary>
    internal static ClaimLine LineOf(RowBatch r, int row, string file)
    {
        long line = r.Line(row);
        Span<char> buffer = stackalloc char[64];
        string? whole;

        scoped ReadOnlySpan<char> text;
        if (!TryDate(r.Field(row, (int)Column.Date), out var date))
        {
            text = Chars(r.Field(row, (int)Column.Date), buffer, out whole);
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                string s = whole ?? text.ToString();
                date = Refuse(file, line, "date", () => ClaimInput.Date(s));
            }
        }

        // The code and the modifiers from their bytes when they parse as they are (no spaces around them); anything else
        // is decoded and read the general way, with its message.
        if (!HcpcsCode.TryParseUtf8(r.Field(row, (int)Column.Hcpcs), out var code))
        {
            text = Chars(r.Field(row, (int)Column.Hcpcs), buffer, out whole);
            if (!HcpcsCode.TryParse(text, out code))
            {
                string s = whole ?? text.ToString();
                code = Refuse(file, line, "hcpcs", () => ClaimInput.Code(s));
            }
        }

        if (!ModifierSet.TryParseUtf8(r.Field(row, (int)Column.Modifiers), out var modifiers))
        {
            text = Chars(r.Field(row, (int)Column.Modifiers), buffer, out whole);
            if (!ModifierSet.TryParse(text, out modifiers))
            {
                string s = whole ?? text.ToString();
                modifiers = Refuse(file, line, "modifiers", () => ClaimInput.Modifiers([s]));
            }
        }

        var baseUnits = r.Field(row, (int)Column.BaseUnits);
        return new ClaimLine(date, code, modifiers)
        {
            Units = Count(r, row, Column.Units, buffer, "units", "units", 1, file),
            PlaceOfService = Pos(r, row, buffer, file),
            BilledCharge = Charge(r, row, buffer, file),
            AnesthesiaMinutes = Count(r, row, Column.Minutes, buffer, "minutes", "minutes", 0, file),
            AnesthesiaBaseUnits = baseUnits.IsEmpty || Chars(baseUnits, buffer, out _).IsEmpty ? null : Count(r, row, Column.BaseUnits, buffer, "base_units", "base units", 0, file),
        };
    }

    /// <summary>
    /// The fast path of the date: exactly yyyy-MM-dd in ASCII digits, a real date (as <c>DateOnly.TryParseExact</c>
    /// with that format reads it); anything else (spaces, another form, a bad date) goes the general way and its message.
    /// </summary>
    internal static bool TryDate(ReadOnlySpan<byte> utf8, out DateOnly date)
    {
        date = default;
        if (utf8.Length != 10 || utf8[4] != (byte)'-' || utf8[7] != (byte)'-')
        {
            return false;
        }

        int year = Digits(utf8[..4]), month = Digits(utf8[5..7]), day = Digits(utf8[8..]);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>The number ASCII digits write, or -1 when a byte is not a digit.</summary>
    private static int Digits(ReadOnlySpan<byte> utf8)
    {
        int value = 0;
        foreach (byte b in utf8)
        {
            uint digit = unchecked((uint)(b - '0')); // a byte below '0' wraps to a large number: not a digit
            if (digit > 9)
            {
                return -1;
            }

            value = (value * 10) + (int)digit;
        }

        return value;
    }

    private static int Count(RowBatch r, int row, Column column, Span<char> buffer, string name, string what, int blank, string file)
    {
        var raw = r.Field(row, (int)column);
        if (raw.IsEmpty)
        {
            return blank;
        }

        if (raw.Length <= 9 && Digits(raw) is int fast and >= 0)
        {
            return fast;
        }

        var text = Chars(r.Field(row, (int)column), buffer, out string? whole);
        if (text.IsEmpty)
        {
            return blank;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
        {
            return n;
        }

        return Refused(file, r.Line(row), name, whole ?? text.ToString(), what, static (s, what) => ClaimInput.Count(s, what));
    }

    private static PlaceOfService? Pos(RowBatch r, int row, Span<char> buffer, string file)
    {
        if (r.Field(row, (int)Column.Pos).IsEmpty)
        {
            return null;
        }

        var text = Chars(r.Field(row, (int)Column.Pos), buffer, out string? whole);
        if (text.IsEmpty)
        {
            return null;
        }

        if (text.Length <= 2 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && Places[n] is { } place)
        {
            return place;
        }

        return Refused(file, r.Line(row), "pos", whole ?? text.ToString(), "", static (s, _) => ClaimInput.Pos(s));
    }

    private static decimal? Charge(RowBatch r, int row, Span<char> buffer, string file)
    {
        if (r.Field(row, (int)Column.Charge).IsEmpty)
        {
            return null;
        }

        var text = Chars(r.Field(row, (int)Column.Charge), buffer, out string? whole);
        if (text.IsEmpty)
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount) && amount >= 0m)
        {
            return amount;
        }

        return Refused<decimal?>(file, r.Line(row), "charge", whole ?? text.ToString(), "", static (s, _) => ClaimInput.Money(s));
    }

    /// <summary>Y/N (yes, true, 1 / no, false, 0), any case; <paramref name="absent"/> when blank.</summary>
    private static bool Flag(string text, bool absent) => text.ToUpperInvariant() switch
    {
        "" => absent,
        "Y" or "YES" or "TRUE" or "1" => true,
        "N" or "NO" or "FALSE" or "0" => false,
        _ => throw new UsageException($"'{text}' is not Y or N."),
    };
}
