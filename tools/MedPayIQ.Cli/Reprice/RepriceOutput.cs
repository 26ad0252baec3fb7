using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MedPayIQ.Cli.Json;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli.Reprice;

/// <summary>Where a worker puts the lines of its batch, in order: priced lines and rejected rows. One per batch, reused.</summary>
internal interface ILineSink
{
    /// <summary>Empties the sink for the next batch.</summary>
    void Reset();

    /// <summary>A line priced (whatever its outcome).</summary>
    /// <param name="claimId">The claim id.</param>
    /// <param name="line">The line number to echo.</param>
    /// <param name="claim">The claim's price.</param>
    /// <param name="index">The line's index in the claim.</param>
    /// <param name="rejectedInClaim">How many rows of the claim could not be read (its price may differ from the whole claim's).</param>
    void Priced(string claimId, string line, ClaimPrice claim, int index, int rejectedInClaim);

    /// <summary>A row that could not be read.</summary>
    /// <param name="row">The row, as read, and why.</param>
    /// <param name="rejectedInClaim">How many rows of its claim could not be read.</param>
    void Rejected(RejectedRow row, int rejectedInClaim);
}

/// <summary>Writes the sinks of the batches, in order, to the output; then completes it.</summary>
internal interface IRepriceWriter : IDisposable
{
    /// <summary>A new, empty sink for a batch.</summary>
    ILineSink NewSink();

    /// <summary>Writes a batch's lines.</summary>
    void Write(ILineSink sink);

    /// <summary>Writes what is left (a Parquet footer) and flushes.</summary>
    void Complete();
}

/// <summary>A column of <c>reprice</c>'s output, at its place in <see cref="RepriceColumns.Names"/>.</summary>
internal enum RepriceColumn
{
    ClaimId, Line, Date, Hcpcs, Modifiers, Units, Outcome, Allowed, MedicarePayment, Coinsurance, Deductible, LimitingCharge, FeeScheduleAmount, Release, Confidence, Reason, ClaimRejectedRows,
}

/// <summary>The columns of <c>reprice</c>'s output, CSV and Parquet alike, and the ones a run writes (<c>--columns</c>).</summary>
internal static class RepriceColumns
{
    /// <summary>The output's columns, in order.</summary>
    public static readonly string[] Names =
        ["claim_id", "line", "date", "hcpcs", "modifiers", "units", "outcome", "allowed", "medicare_payment", "coinsurance", "deductible", "limiting_charge", "fee_schedule_amount", "release", "confidence", "reason", "claim_rejected_rows"];

    /// <summary>Every column: the output without <c>--columns</c>.</summary>
    public const int All = (1 << 17) - 1;

    /// <summary>The outcome of a row that could not be read.</summary>
    public const string Rejected = "Rejected";

    /// <summary>Whether <paramref name="columns"/> (a set of <see cref="RepriceColumn"/> bits) holds <paramref name="column"/>.</summary>
    public static bool Has(int columns, RepriceColumn column) => ((columns >> (int)column) & 1) != 0;

    /// <summary>The names of <paramref name="columns"/>, in the output's order.</summary>
    public static IEnumerable<string> NamesOf(int columns) => Names.Where((_, i) => Has(columns, (RepriceColumn)i));

    /// <summary>
    /// The columns <c>--columns</c> names (comma-separated, each once): written in the output's order whatever the
    /// order given. A name that is not a column, or given twice, is a <see cref="UsageException"/> that says which.
    /// </summary>
    public static int Parse(string list)
    {
        int columns = 0;
        foreach (string part in list.Split(','))
        {
            string name = part.Trim().ToLowerInvariant();
            int i = Array.IndexOf(Names, name);
            if (i < 0)
            {
                throw new UsageException(name.Length == 0
                    ? $"--columns '{ClaimFileReader.Shorten(list)}' has an empty name; give the columns separated by commas: {string.Join(",", Names)}."
                    : $"--columns: '{ClaimFileReader.Shorten(part.Trim())}' is not a column of reprice's output; the columns are {string.Join(",", Names)}.");
            }

            if (Has(columns, (RepriceColumn)i))
            {
                throw new UsageException($"--columns: '{name}' is given twice; each column once.");
            }

            columns |= 1 << i;
        }

        return columns;
    }
}

/// <summary>
/// Text output (CSV or JSON lines), formatted by the workers into UTF-8 bytes, written by the writer as they are:
/// dates, amounts and codes formatted straight to UTF-8, no string per field.
/// </summary>
internal sealed class TextRepriceWriter(Stream output, bool jsonLines, int columns = RepriceColumns.All) : IRepriceWriter
{
    public ILineSink NewSink() => jsonLines ? new JsonLineSink() : new CsvLineSink(columns);

    public void Write(ILineSink sink) => output.Write(((Utf8Sink)sink).Written);

    /// <summary>The CSV header line: the columns written (JSON lines have none).</summary>
    public void Header()
    {
        if (!jsonLines)
        {
            output.Write(Encoding.UTF8.GetBytes(string.Join(",", RepriceColumns.NamesOf(columns)) + "\r\n"));
        }
    }

    public void Complete() => output.Flush();

    public void Dispose()
    {
    }
}

/// <summary>The names of an enum's values as the output writes them, indexed by value (one array load a line, not a dictionary look-up or a <c>ToString</c>).</summary>
internal static class EnumNames<T>
    where T : struct, Enum
{
    /// <summary>Each defined value's name at its value's index (null where no value is defined).</summary>
    public static readonly string?[] ByValue = Make();

    private static string?[] Make()
    {
        var values = Enum.GetValues<T>();
        var names = new string?[values.Max(v => Convert.ToInt32(v, CultureInfo.InvariantCulture)) + 1];
        foreach (var v in values)
        {
            names[Convert.ToInt32(v, CultureInfo.InvariantCulture)] = v.ToString();
        }

        return names;
    }
}

/// <summary>A sink of UTF-8 text.</summary>
internal abstract class Utf8Sink : ILineSink
{
    protected ArrayBufferWriter<byte> Buffer { get; } = new(1 << 16);

    public ReadOnlySpan<byte> Written => Buffer.WrittenSpan;

    public void Reset() => Buffer.ResetWrittenCount();

    public abstract void Priced(string claimId, string line, ClaimPrice claim, int index, int rejectedInClaim);

    public abstract void Rejected(RejectedRow row, int rejectedInClaim);
}

/// <summary>
/// CSV lines: the columns of <see cref="RepriceColumns.Names"/> (or those <c>--columns</c> names, in that order), amounts
/// with two decimals, dates yyyy-MM-dd, CRLF. A column left out is neither formatted nor written.
/// </summary>
internal sealed class CsvLineSink(int columns = RepriceColumns.All) : Utf8Sink
{
    private static readonly byte[][] Outcomes = [.. EnumNames<PriceOutcome>.ByValue.Select(n => Encoding.UTF8.GetBytes(n ?? ""))];
    private static readonly byte[][] Confidences = [.. EnumNames<PriceConfidence>.ByValue.Select(n => Encoding.UTF8.GetBytes(n ?? ""))];
    private static readonly byte[] RejectedOutcome = Encoding.UTF8.GetBytes(RepriceColumns.Rejected);
    private readonly Utf8TextCache _reasons = new();
    private string? _id;                     // the claim id of the last line written, and its bytes (a claim's lines share them)
    private byte[] _idBytes = new byte[64];
    private int _idLength;
    private DateOnly _date = DateOnly.MinValue; // the date of the last line written, and its bytes
    private readonly byte[] _dateBytes = new byte[10];
    private readonly ReleaseIds<byte[]> _releaseIds = new(release => Encoding.UTF8.GetBytes(release.Id.ToString()));

    private bool Has(RepriceColumn column) => RepriceColumns.Has(columns, column);

    public override void Priced(string claimId, string line, ClaimPrice claim, int index, int rejectedInClaim)
    {
        var p = claim.Lines[index];
        var l = p.Line;
        string reason = (p.Outcome == PriceOutcome.Priced ? p.ConfidenceReason : p.Reason) ?? "";

        // One span for the whole line (its texts quoted at worst), written field by field, advanced once: the writer's
        // bookkeeping per field cost more than most fields. Each column is asked for (one bit test): a column left out
        // costs nothing else.
        var w = new LineWriter(Buffer.GetSpan(512 + (6 * (claimId.Length + line.Length + reason.Length))));
        if (Has(RepriceColumn.ClaimId))
        {
            w.Field();
            w.Raw(ClaimId(claimId));
        }

        if (Has(RepriceColumn.Line))
        {
            w.Field();
            w.Text(line);
        }

        if (Has(RepriceColumn.Date))
        {
            if (l.DateOfService != _date)
            {
                Utf8Digits.Date(l.DateOfService, _dateBytes);
                _date = l.DateOfService;
            }

            w.Field();
            w.Raw(_dateBytes);
        }

        if (Has(RepriceColumn.Hcpcs))
        {
            w.Field();
            w.Code(l.Hcpcs);
        }

        if (Has(RepriceColumn.Modifiers))
        {
            w.Field();
            w.Modifiers(l.Modifiers);
        }

        if (Has(RepriceColumn.Units))
        {
            w.Field();
            w.Number(l.Units);
        }

        if (Has(RepriceColumn.Outcome))
        {
            w.Field();
            w.Raw(Outcomes[(int)p.Outcome]);
        }

        Amount(ref w, RepriceColumn.Allowed, p.AllowedAmount);
        Amount(ref w, RepriceColumn.MedicarePayment, p.MedicarePayment);
        Amount(ref w, RepriceColumn.Coinsurance, p.Coinsurance);
        Amount(ref w, RepriceColumn.Deductible, p.Deductible);
        Amount(ref w, RepriceColumn.LimitingCharge, p.LimitingCharge);
        Amount(ref w, RepriceColumn.FeeScheduleAmount, p.FeeScheduleAmount);
        if (Has(RepriceColumn.Release))
        {
            w.Field();
            if (p.Release is { } release)
            {
                w.Raw(_releaseIds.Of(release));
            }
        }

        if (Has(RepriceColumn.Confidence))
        {
            w.Field();
            w.Raw(Confidences[(int)p.Confidence]);
        }

        if (Has(RepriceColumn.Reason))
        {
            w.Field();
            w.Text(reason, _reasons);
        }

        if (Has(RepriceColumn.ClaimRejectedRows))
        {
            w.Field();
            w.Number(rejectedInClaim);
        }

        w.End();
        Buffer.Advance(w.Written);
    }

    /// <summary>An amount's field, when its column is written: two decimals, or empty when there is none.</summary>
    private void Amount(ref LineWriter w, RepriceColumn column, decimal? amount)
    {
        if (Has(column))
        {
            w.Field();
            if (amount is { } value)
            {
                w.Money(value);
            }
        }
    }

    /// <summary>The CSV bytes of a claim id: written once for the claim's lines (the same string), not once a line.</summary>
    private ReadOnlySpan<byte> ClaimId(string id)
    {
        if (!ReferenceEquals(id, _id))
        {
            int most = (6 * id.Length) + 2;
            if (_idBytes.Length < most)
            {
                _idBytes = new byte[most];
            }

            var w = new LineWriter(_idBytes);
            w.Text(id);
            (_id, _idLength) = (id, w.Written);
        }

        return _idBytes.AsSpan(0, _idLength);
    }

    /// <summary>
    /// A priced line's fields written into one span the caller sized for the line (every text at six bytes a character,
    /// quoted, and the fixed fields at their widest): the same bytes as the sink's own field writers.
    /// </summary>
    private ref struct LineWriter(Span<byte> span)
    {
        private readonly Span<byte> _span = span;
        private int _n;
        private int _fields;

        public readonly int Written => _n;

        /// <summary>
        /// Ends the line (CRLF). A line of one empty field (<c>--columns</c> of one column, empty on that line) is written
        /// as a quoted empty text: a blank line is skipped by most CSV readers, and the row would be lost.
        /// </summary>
        public void End()
        {
            if (_n == 0)
            {
                Raw("\"\""u8);
            }

            Raw("\r\n"u8);
        }

        /// <summary>Starts the line's next field: a comma before every field but the first.</summary>
        public void Field()
        {
            if (_fields++ > 0)
            {
                _span[_n++] = (byte)',';
            }
        }

        public void Raw(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_span[_n..]);
            _n += bytes.Length;
        }

        public void Code(HcpcsCode code)
        {
            code.TryFormatUtf8(_span[_n..], out int written);
            _n += written;
        }

        public void Modifiers(ModifierSet modifiers) => _n += WriteModifiers(modifiers, _span[_n..]);

        public void Number(int value)
        {
            System.Buffers.Text.Utf8Formatter.TryFormat(value, _span[_n..], out int written);
            _n += written;
        }

        public void Money(decimal amount)
        {
            if (!Utf8Digits.TryCents(amount, _span[_n..], out int written))
            {
                amount.TryFormat(_span[_n..], out written, "0.00", CultureInfo.InvariantCulture);
            }

            _n += written;
        }

        /// <summary>
        /// A text the line writer has likely written before (a reason sentence the library keeps as a constant): its
        /// bytes from <paramref name="cache"/> when the same string was written twice before, else as <see cref="Text"/>.
        /// </summary>
        public void Text(string value, Utf8TextCache cache)
        {
            if (cache.TryGet(value, out var bytes))
            {
                Raw(bytes);
                return;
            }

            int start = _n;
            Text(value);
            cache.Written(value, _span[start.._n]);
        }

        /// <summary>A text field: quoted (quotes doubled) when it holds a comma, a quote or a line break.</summary>
        public void Text(string value)
        {
            if (value.Length <= 32 && TryShortAscii(value))
            {
                return;
            }

            if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
            {
                _n += Encoding.UTF8.GetBytes(value, _span[_n..]);
                return;
            }

            _span[_n++] = (byte)'"';
            foreach (var part in value.AsSpan().Split('"'))
            {
                if (part.Start.Value > 0)
                {
                    _span[_n++] = (byte)'"';
                    _span[_n++] = (byte)'"';
                }

                _n += Encoding.UTF8.GetBytes(value.AsSpan()[part], _span[_n..]);
            }

            _span[_n++] = (byte)'"';
        }

        /// <summary>A short text of ASCII characters, none of them quoted in CSV, byte for byte (claim ids, line numbers); false, nothing written, for any other.</summary>
        private bool TryShortAscii(string value)
        {
            var destination = _span.Slice(_n, value.Length);
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c >= 0x80 || c == ',' || c == '"' || c == '\r' || c == '\n')
                {
                    return false;
                }

                destination[i] = (byte)c;
            }

            _n += value.Length;
            return true;
        }
    }

    public override void Rejected(RejectedRow row, int rejectedInClaim)
    {
        ReadOnlySpan<string> texts = [row.ClaimId, row.Line, row.Date, row.Hcpcs, row.Modifiers, row.Units];
        int chars = row.Reason.Length;
        foreach (string field in texts)
        {
            chars += field.Length;
        }

        // The row's fields as read, its outcome and reason; no amount, release or confidence (empty fields).
        var w = new LineWriter(Buffer.GetSpan(64 + (6 * chars)));
        for (int c = 0; c < RepriceColumns.Names.Length; c++)
        {
            var column = (RepriceColumn)c;
            if (!Has(column))
            {
                continue;
            }

            w.Field();
            if (c < texts.Length)
            {
                w.Text(texts[c]);
            }
            else if (column == RepriceColumn.Outcome)
            {
                w.Raw(RejectedOutcome);
            }
            else if (column == RepriceColumn.Reason)
            {
                w.Text(row.Reason);
            }
            else if (column == RepriceColumn.ClaimRejectedRows)
            {
                w.Number(rejectedInClaim);
            }
        }

        w.End();
        Buffer.Advance(w.Written);
    }

    /// <summary>The modifiers, separated by commas (quoted when more than one), into <paramref name="span"/> (16 bytes hold four); the bytes written.</summary>
    private static int WriteModifiers(ModifierSet modifiers, Span<byte> span)
    {
        bool quote = modifiers.Count > 1;
        int n = 0;
        if (quote)
        {
            span[n++] = (byte)'"';
        }

        foreach (var m in modifiers)
        {
            if (n > (quote ? 1 : 0))
            {
                span[n++] = (byte)',';
            }

            m.TryFormatUtf8(span[n..], out int w);
            n += w;
        }

        if (quote)
        {
            span[n++] = (byte)'"';
        }

        return n;
    }
}

/// <summary>JSON lines: one object a line through the source-generated contracts.</summary>
internal sealed class JsonLineSink : Utf8Sink, IDisposable
{
    private readonly Utf8JsonWriter _json;

    public JsonLineSink() => _json = new Utf8JsonWriter(Buffer);

    public void Dispose() => _json.Dispose();

    public override void Priced(string claimId, string line, ClaimPrice claim, int index, int rejectedInClaim)
        => Write(new RepricedLineJson(claimId, line, LinePriceJson.Of(claim.Claim, claim.Lines[index], includeSteps: false)) { ClaimRejectedRows = rejectedInClaim }, CliJsonLinesContext.Default.RepricedLineJson);

    public override void Rejected(RejectedRow row, int rejectedInClaim)
        => Write(new RejectedLineJson(row.ClaimId, row.Line, row.Date, row.Hcpcs, row.Modifiers, row.Units, RepriceColumns.Rejected, row.Reason, rejectedInClaim), CliJsonLinesContext.Default.RejectedLineJson);

    private void Write<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> contract)
    {
        _json.Reset(Buffer);
        JsonSerializer.Serialize(_json, value, contract);
        _json.Flush();
        "\n"u8.CopyTo(Buffer.GetSpan(1));
        Buffer.Advance(1);
    }
}

/// <summary>Dates and amounts written as UTF-8 digits, without the format strings' parsers (the hot path of the output).</summary>
internal static class Utf8Digits
{
    /// <summary>Writes <paramref name="date"/> as yyyy-MM-dd into the first 10 bytes of <paramref name="destination"/>.</summary>
    public static void Date(DateOnly date, Span<byte> destination)
    {
        date.Deconstruct(out int year, out int month, out int day);
        destination[0] = (byte)('0' + (year / 1000));
        destination[1] = (byte)('0' + (year / 100 % 10));
        destination[2] = (byte)('0' + (year / 10 % 10));
        destination[3] = (byte)('0' + (year % 10));
        destination[4] = (byte)'-';
        destination[5] = (byte)('0' + (month / 10));
        destination[6] = (byte)('0' + (month % 10));
        destination[7] = (byte)'-';
        destination[8] = (byte)('0' + (day / 10));
        destination[9] = (byte)('0' + (day % 10));
    }

    /// <summary>
    /// Writes a non-negative amount of whole cents (a scale of at most 2, under 10^16 cents) with two decimals, as
    /// <c>ToString("0.00")</c> does; false (nothing written) for any other value, which the caller formats the slow way.
    /// </summary>
    public static bool TryCents(decimal amount, Span<byte> destination, out int written)
    {
        // From the decimal's own integer and scale (no decimal arithmetic: a compare, a multiply and a conversion to
        // long cost more than the digits, with several amounts a line); its four ints in a local, not a stackalloc (no
        // stack-guard check on every call); the digits two at a time from a table.
        written = 0;
        var parts = default(DecimalParts);
        Span<int> bits = parts;
        decimal.GetBits(amount, bits);
        int scale = (bits[3] >> 16) & 0xFF;
        ulong units = unchecked(((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        if (bits[2] != 0 || scale > 2 || (bits[3] < 0 && units != 0) || units >= (scale == 2 ? 10_000_000_000_000_000UL : scale == 1 ? 1_000_000_000_000_000UL : 100_000_000_000_000UL))
        {
            return false; // negative, finer than a cent, or 10^14 dollars or more
        }

        ulong cents = scale == 2 ? units : scale == 1 ? units * 10 : units * 100;
        ulong whole = cents / 100;
        int fraction = (int)(cents - (whole * 100));
        int digits = 1;
        for (ulong rest = whole; rest >= 10; rest /= 10)
        {
            digits++;
        }

        if (destination.Length < digits + 3)
        {
            return false;
        }

        var pairs = Pairs;
        destination[digits] = (byte)'.';
        destination[digits + 1] = pairs[2 * fraction];
        destination[digits + 2] = pairs[(2 * fraction) + 1];
        int at = digits;
        while (whole >= 100)
        {
            ulong next = whole / 100;
            int pair = 2 * (int)(whole - (next * 100));
            destination[--at] = pairs[pair + 1];
            destination[--at] = pairs[pair];
            whole = next;
        }

        if (whole >= 10)
        {
            destination[--at] = pairs[(2 * (int)whole) + 1];
            destination[--at] = pairs[2 * (int)whole];
        }
        else
        {
            destination[--at] = (byte)('0' + (int)whole);
        }

        written = digits + 3;
        return true;
    }

    /// <summary>"00" to "99": two digits a step.</summary>
    private static ReadOnlySpan<byte> Pairs => "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    /// <summary>The four ints of a decimal (<see cref="decimal.GetBits(decimal, Span{int})"/>).</summary>
    [System.Runtime.CompilerServices.InlineArray(4)]
    private struct DecimalParts
    {
        private int _first;
    }
}
