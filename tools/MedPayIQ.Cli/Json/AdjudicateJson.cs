using System.Globalization;
using System.Text.Json.Serialization;
using MedPayIQ.Cli.Reprice;
using MedPayIQ.X12;

namespace MedPayIQ.Cli.Json;

/// <summary><c>adjudicate --json</c>: what the run did; the transaction sets read and not read when the claims are an 837P.</summary>
internal sealed record AdjudicateSummaryJson(
    long Claims,
    long DeniedClaims,
    long Lines,
    long DeniedLines,
    long UnpricedLines,
    long RejectedRows,
    long FlaggedClaims,
    long RejectedClaims,
    long ClaimsLeftOut,
    decimal Charge,
    decimal Allowed,
    decimal MedicarePayment,
    decimal PatientResponsibility,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? TransactionsRead,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TransactionNotReadJson[]? TransactionsNotRead,
    double Seconds);

/// <summary>An 837P transaction set that could not be read: its envelope and why.</summary>
internal sealed record TransactionNotReadJson(string Interchange, string Transaction, string Error)
{
    public static TransactionNotReadJson Of(X12TransactionResult t) => new(t.Envelope.Interchange, t.Envelope.Transaction, t.Error!.ToString());
}

/// <summary>
/// A line of <c>adjudicate</c>'s JSON lines output: one expected claim, its lines and their adjustments; the rows of
/// the claim that could not be read, with their reasons, when there are any. A claim none of whose rows could be read
/// has status Rejected, no amounts and no lines.
/// </summary>
internal sealed record ExpectedClaimJson(
    string ClaimId,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Charge,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Allowed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Payment,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? PatientResponsibility,
    ExpectedLineJson[] Lines,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RejectedRowJson[]? RejectedRows)
{
    public static ExpectedClaimJson Of(ExpectedClaim claim) => Of(claim.ClaimId, claim, []);

    /// <summary>A claim (null when none of its rows could be read) and its rows that could not be read.</summary>
    public static ExpectedClaimJson Of(string claimId, ExpectedClaim? claim, IReadOnlyList<RejectedRow> rejected) => new(
        claim?.ClaimId ?? claimId,
        claim?.Status.ToString() ?? RepriceColumns.Rejected,
        claim?.Charge,
        claim?.Allowed,
        claim?.Payment,
        claim?.PatientResponsibility,
        claim is null ? [] : [.. claim.Lines.Select(ExpectedLineJson.Of)],
        rejected.Count == 0 ? null : [.. rejected.Select(r => new RejectedRowJson(r.Line, r.Date, r.Hcpcs, r.Modifiers, r.Units, r.Reason))]);
}

/// <summary>A row of a claim that could not be read: its fields as the file gave them (empty for a JSON line) and why.</summary>
internal sealed record RejectedRowJson(string Line, string Date, string Hcpcs, string Modifiers, string Units, string Reason);

/// <summary>An expected line: units are the anesthesia minutes of an anesthesia line; the denial, when an edit denies it.</summary>
internal sealed record ExpectedLineJson(
    int Line,
    string Date,
    string Hcpcs,
    string Modifiers,
    int Units,
    string Outcome,
    decimal Charge,
    decimal Allowed,
    decimal Payment,
    decimal PatientResponsibility,
    CasAdjustmentJson[] Adjustments,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DenialJson? Denial)
{
    public static ExpectedLineJson Of(ExpectedLine line)
    {
        var l = line.Line;
        return new(
            line.LineNumber,
            l.DateOfService.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            l.Hcpcs.ToString(),
            l.Modifiers.ToString(),
            l.AnesthesiaMinutes > 0 ? l.AnesthesiaMinutes : l.Units,
            OutcomeOf(line),
            line.Charge,
            line.Allowed,
            line.Payment,
            line.PatientResponsibility,
            [.. line.Adjustments.Select(a => new CasAdjustmentJson(a.Group, a.Reason, a.Remark, a.Amount))],
            line.Denial is { } d ? new DenialJson(d.Kind.ToString(), d.Edit, d.DenialCode, d.Reason) : null);
    }

    /// <summary>Denied (by an edit), or the pricing outcome.</summary>
    public static string OutcomeOf(ExpectedLine line) => line.Denial is not null ? "Denied" : line.Price!.Value.Outcome.ToString();
}

/// <summary>A claim adjustment (CAS): group, reason, remark code and amount.</summary>
internal sealed record CasAdjustmentJson(string Group, string Reason, string? Remark, decimal Amount);

/// <summary>The NCCI edit that denies a line.</summary>
internal sealed record DenialJson(string Kind, string Edit, string? Code, string Reason);
