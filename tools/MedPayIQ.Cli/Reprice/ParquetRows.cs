using System.Globalization;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli.Reprice;

/// <summary>
/// Rows of <c>reprice</c>'s Parquet output, column by column: a batch's (a sink), or a row group's. Only the columns
/// written are kept (<c>--columns</c>: <see cref="RepriceColumn"/> bits; the lists of the others stay empty).
/// </summary>
internal sealed class ParquetRows(int columns = RepriceColumns.All) : ILineSink
{

    // The texts a file's lines repeat, made once a sink (a batch's rows): codes, modifiers, release ids. A string a line
    // was most of what a Parquet run allocated beside Parquet.Net's own buffers.
    private readonly Dictionary<HcpcsCode, string> _codes = [];
    private readonly Dictionary<ModifierSet, string> _modifiers = [];
    private readonly ReleaseIds<string> _releases = new(release => release.Id.ToString());

    private static string Text<TKey>(Dictionary<TKey, string> made, TKey key, Func<TKey, string> make)
        where TKey : notnull
    {
        if (!made.TryGetValue(key, out string? text))
        {
            if (made.Count == 16_384)
            {
                made.Clear(); // bounded: a batch names a few thousand codes at most
            }

            made[key] = text = make(key);
        }

        return text;
    }

    public List<string> ClaimIds { get; } = [];

    public List<string> Lines { get; } = [];

    public List<DateOnly?> Dates { get; } = [];

    public List<string> Codes { get; } = [];

    public List<string> Modifiers { get; } = [];

    public List<int?> Units { get; } = [];

    public List<string> Outcomes { get; } = [];

    public List<decimal?>[] Amounts { get; } = [[], [], [], [], [], []];

    public List<string?> Releases { get; } = [];

    public List<string?> Confidences { get; } = [];

    public List<string> Reasons { get; } = [];

    public List<int> RejectedRows { get; } = [];

    /// <summary>A rejected row's date as read when it is not a date (null on every other row).</summary>
    public List<string?> DatesAsRead { get; } = [];

    /// <summary>A rejected row's units as read when they are not a whole number (null on every other row).</summary>
    public List<string?> UnitsAsRead { get; } = [];

    /// <summary>The rows held (whatever the columns kept).</summary>
    public int Count { get; private set; }

    private bool Has(RepriceColumn column) => RepriceColumns.Has(columns, column);

    public void Reset()
    {
        foreach (var list in (System.Collections.IList[])[ClaimIds, Lines, Dates, Codes, Modifiers, Units, Outcomes, Releases, Confidences, Reasons, RejectedRows, DatesAsRead, UnitsAsRead, .. Amounts])
        {
            list.Clear();
        }

        Count = 0;
    }

    public void Add(ParquetRows rows)
    {
        ClaimIds.AddRange(rows.ClaimIds);
        Lines.AddRange(rows.Lines);
        Dates.AddRange(rows.Dates);
        Codes.AddRange(rows.Codes);
        Modifiers.AddRange(rows.Modifiers);
        Units.AddRange(rows.Units);
        Outcomes.AddRange(rows.Outcomes);
        for (int a = 0; a < Amounts.Length; a++)
        {
            Amounts[a].AddRange(rows.Amounts[a]);
        }

        Releases.AddRange(rows.Releases);
        Confidences.AddRange(rows.Confidences);
        Reasons.AddRange(rows.Reasons);
        RejectedRows.AddRange(rows.RejectedRows);
        DatesAsRead.AddRange(rows.DatesAsRead);
        UnitsAsRead.AddRange(rows.UnitsAsRead);
        Count += rows.Count;
    }

    public void Priced(string claimId, string line, ClaimPrice claim, int index, int rejectedInClaim)
    {
        var p = claim.Lines[index];
        var l = p.Line;
        Count++;
        Keep(RepriceColumn.ClaimId, ClaimIds, claimId);
        Keep(RepriceColumn.Line, Lines, line);
        Keep(RepriceColumn.Date, Dates, l.DateOfService);
        Keep(RepriceColumn.Date, DatesAsRead, null);
        if (Has(RepriceColumn.Hcpcs))
        {
            Codes.Add(Text(_codes, l.Hcpcs, static c => c.ToString()));
        }

        if (Has(RepriceColumn.Modifiers))
        {
            Modifiers.Add(Text(_modifiers, l.Modifiers, static m => m.ToString()));
        }

        Keep(RepriceColumn.Units, Units, l.Units);
        Keep(RepriceColumn.Units, UnitsAsRead, null);
        Keep(RepriceColumn.Outcome, Outcomes, EnumNames<PriceOutcome>.ByValue[(int)p.Outcome]!);
        Keep(RepriceColumn.Allowed, Amounts[0], p.AllowedAmount);
        Keep(RepriceColumn.MedicarePayment, Amounts[1], p.MedicarePayment);
        Keep(RepriceColumn.Coinsurance, Amounts[2], p.Coinsurance);
        Keep(RepriceColumn.Deductible, Amounts[3], p.Deductible);
        Keep(RepriceColumn.LimitingCharge, Amounts[4], p.LimitingCharge);
        Keep(RepriceColumn.FeeScheduleAmount, Amounts[5], p.FeeScheduleAmount);
        if (Has(RepriceColumn.Release))
        {
            Releases.Add(p.Release is { } release ? _releases.Of(release) : null);
        }

        Keep(RepriceColumn.Confidence, Confidences, EnumNames<PriceConfidence>.ByValue[(int)p.Confidence]);
        Keep(RepriceColumn.Reason, Reasons, p.Outcome == PriceOutcome.Priced ? p.ConfidenceReason : p.Reason);
        Keep(RepriceColumn.ClaimRejectedRows, RejectedRows, rejectedInClaim);
    }

    public void Rejected(RejectedRow row, int rejectedInClaim)
    {
        Count++;
        Keep(RepriceColumn.ClaimId, ClaimIds, row.ClaimId);
        Keep(RepriceColumn.Line, Lines, row.Line);
        if (Has(RepriceColumn.Date))
        {
            bool isDate = DateOnly.TryParseExact(row.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
            Dates.Add(isDate ? date : null);
            DatesAsRead.Add(isDate || row.Date.Length == 0 ? null : row.Date);
        }

        Keep(RepriceColumn.Hcpcs, Codes, row.Hcpcs);
        Keep(RepriceColumn.Modifiers, Modifiers, row.Modifiers);
        if (Has(RepriceColumn.Units))
        {
            bool isUnits = int.TryParse(row.Units, NumberStyles.None, CultureInfo.InvariantCulture, out int units);
            Units.Add(isUnits ? units : null);
            UnitsAsRead.Add(isUnits || row.Units.Length == 0 ? null : row.Units);
        }

        Keep(RepriceColumn.Outcome, Outcomes, RepriceColumns.Rejected);
        for (int a = 0; a < Amounts.Length; a++)
        {
            Keep(RepriceColumn.Allowed + a, Amounts[a], null);
        }

        Keep(RepriceColumn.Release, Releases, null);
        Keep(RepriceColumn.Confidence, Confidences, null);
        Keep(RepriceColumn.Reason, Reasons, row.Reason);
        Keep(RepriceColumn.ClaimRejectedRows, RejectedRows, rejectedInClaim);
    }

    /// <summary>Adds <paramref name="value"/> to <paramref name="list"/> when <paramref name="column"/> is written.</summary>
    private void Keep<T>(RepriceColumn column, List<T> list, T value)
    {
        if (Has(column))
        {
            list.Add(value);
        }
    }
}
