using System.Globalization;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli.Reprice;

/// <summary>Rows of <c>reprice</c>'s Parquet output, column by column: a batch's (a sink), or a row group's.</summary>
internal sealed class ParquetRows : ILineSink
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

    public int Count => ClaimIds.Count;

    public void Reset()
    {
        foreach (var list in (System.Collections.IList[])[ClaimIds, Lines, Dates, Codes, Modifiers, Units, Outcomes, Releases, Confidences, Reasons, RejectedRows, DatesAsRead, UnitsAsRead, .. Amounts])
        {
            list.Clear();
        }
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
    }

    public void Priced(string claimId, string line, ClaimPrice claim, int index, int rejectedInClaim)
    {
        var p = claim.Lines[index];
        var l = p.Line;
        ClaimIds.Add(claimId);
        Lines.Add(line);
        Dates.Add(l.DateOfService);
        Codes.Add(Text(_codes, l.Hcpcs, static c => c.ToString()));
        Modifiers.Add(Text(_modifiers, l.Modifiers, static m => m.ToString()));
        Units.Add(l.Units);
        Outcomes.Add(EnumNames<PriceOutcome>.ByValue[(int)p.Outcome]!);
        Amounts[0].Add(p.AllowedAmount);
        Amounts[1].Add(p.MedicarePayment);
        Amounts[2].Add(p.Coinsurance);
        Amounts[3].Add(p.Deductible);
        Amounts[4].Add(p.LimitingCharge);
        Amounts[5].Add(p.FeeScheduleAmount);
        Releases.Add(p.Release is { } release ? _releases.Of(release) : null);
        Confidences.Add(EnumNames<PriceConfidence>.ByValue[(int)p.Confidence]);
        Reasons.Add(p.Outcome == PriceOutcome.Priced ? p.ConfidenceReason : p.Reason);
        RejectedRows.Add(rejectedInClaim);
        DatesAsRead.Add(null);
        UnitsAsRead.Add(null);
    }

    public void Rejected(RejectedRow row, int rejectedInClaim)
    {
        ClaimIds.Add(row.ClaimId);
        Lines.Add(row.Line);
        bool isDate = DateOnly.TryParseExact(row.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        bool isUnits = int.TryParse(row.Units, NumberStyles.None, CultureInfo.InvariantCulture, out int units);
        Dates.Add(isDate ? date : null);
        DatesAsRead.Add(isDate || row.Date.Length == 0 ? null : row.Date);
        Codes.Add(row.Hcpcs);
        Modifiers.Add(row.Modifiers);
        Units.Add(isUnits ? units : null);
        UnitsAsRead.Add(isUnits || row.Units.Length == 0 ? null : row.Units);
        Outcomes.Add(RepriceColumns.Rejected);
        foreach (var amounts in Amounts)
        {
            amounts.Add(null);
        }

        Releases.Add(null);
        Confidences.Add(null);
        Reasons.Add(row.Reason);
        RejectedRows.Add(rejectedInClaim);
    }
}
