using System.Text.Json.Serialization;
using MedPayIQ.Insights;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli.Json;

/// <summary><c>price --json</c>, and each line of <c>reprice --json-lines</c> (without the steps and the NCCI facts).</summary>
internal sealed record LinePriceJson(
    string Hcpcs,
    string[] Modifiers,
    int Units,
    DateOnly DateOfService,
    LineReleaseJson? Release,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LineScheduleJson? Schedule,
    string? Carrier,
    string? Locality,
    bool National,
    bool Facility,
    string Provider,
    bool Participating,
    string Outcome,
    string Reason,
    string? Status,
    decimal AllowedAmount,
    decimal MedicarePayment,
    decimal Coinsurance,
    decimal Deductible,
    decimal Sequestration,
    decimal? LimitingCharge,
    decimal FeeScheduleAmount,
    decimal ConversionFactor,
    RvusJson? Rvus,
    string Confidence,
    string ConfidenceReason,
    decimal Charge,
    AdjustmentJson[] Adjustments,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] StepJson[]? Steps,
    string[] Warnings,
    NcciFactsJson? Ncci)
{
    /// <summary>The priced line; its steps when <paramref name="includeSteps"/>, and the NCCI and schedule facts when given.</summary>
    public static LinePriceJson Of(Claim claim, LinePrice p, bool includeSteps, NcciFactsJson? ncci = null, string[]? scheduleFacts = null)
    {
        var line = p.Line;
        var service = p.Service;
        var key = service.Locality?.Key ?? (claim.Location.Kind == PricingLocationKind.Locality ? claim.Location.Locality : default);
        RvusJson? rvus = null;
        if (service.Rvus is { } row && p.Outcome == PriceOutcome.Priced && row.Status != StatusCode.Anesthesia)
        {
            bool fac = service.Setting == PricingSetting.Facility;
            rvus = new RvusJson(
                row.WorkRvu,
                fac ? row.FacilityPracticeExpenseRvu : row.NonFacilityPracticeExpenseRvu,
                row.MalpracticeRvu,
                service.Locality?.WorkGpci ?? 1m,
                service.Locality?.PracticeExpenseGpci ?? 1m,
                service.Locality?.MalpracticeGpci ?? 1m,
                service.WorkComponent,
                service.PracticeExpenseComponent,
                service.MalpracticeComponent);
        }

        return new LinePriceJson(
            line.Hcpcs.ToString(),
            Texts(line.Modifiers),
            line.Units,
            line.DateOfService,
            p.Release is { } r ? new LineReleaseJson(r.Id.ToString(), r.Provenance.Files[0].Name, r.RvuFileSha256) : null,
            p.Schedule != PaymentSchedule.PhysicianFeeSchedule && p.ScheduleProvenance is { } sp
                ? new LineScheduleJson(p.Schedule.ToString(), p.ScheduleName!, sp.Files[0].Name, sp.Files[0].Sha256) { Facts = scheduleFacts }
                : null,
            key.IsSome ? key.CarrierText : null,
            key.IsSome ? key.LocalityText : null,
            claim.Location.Kind == PricingLocationKind.National,
            (line.PlaceOfService?.Setting ?? claim.PlaceOfService?.Setting ?? claim.Setting) == PricingSetting.Facility,
            claim.Provider.ToString(),
            claim.Participation == Participation.Participating,
            p.Outcome.ToString(),
            p.Reason,
            p.Status is { } status ? ((char)status).ToString() : null,
            p.AllowedAmount,
            p.MedicarePayment,
            p.Coinsurance,
            p.Deductible,
            p.Sequestration,
            p.LimitingCharge,
            p.FeeScheduleAmount,
            p.ConversionFactor,
            rvus,
            p.Confidence.ToString(),
            p.ConfidenceReason,
            p.Charge,
            [.. p.Adjustments.Select(a => new AdjustmentJson(a.Code.GroupCode, a.Code.Reason, a.Code.Remark, a.Amount, a.Rule.ToString()))],
            includeSteps
                ? [.. p.Steps.Select(s => new StepJson(s.Name, s.Detail, s.Factor, s.AmountBefore, s.Amount, s.Source, s.Remittance?.ToString(), s.Remittance is null ? null : s.RemittanceAmount))]
                : null,
            [.. p.Warnings],
            ncci);
    }

    private static string[] Texts(ModifierSet modifiers)
    {
        var texts = new string[modifiers.Count];
        int i = 0;
        foreach (var m in modifiers)
        {
            texts[i++] = m.ToString();
        }

        return texts;
    }
}

/// <summary>The other Part B schedule a line was answered from (a lab test's CLFS, a DMEPOS item's, a drug's ASP file); absent for the physician fee schedule.</summary>
internal sealed record LineScheduleJson(string Kind, string Name, string File, string Sha256)
{
    /// <summary><c>price --json</c>: the code's schedule insights in words (schedule and amount, cost sharing, lab rate change, DMEPOS rural amounts); absent in reprice output.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string[]? Facts { get; init; }
}

/// <summary>The release a line was priced with.</summary>
internal sealed record LineReleaseJson(string Id, string RvuFile, string RvuFileSha256);

/// <summary>The RVUs x GPCIs of a priced line.</summary>
internal sealed record RvusJson(
    decimal Work,
    decimal PracticeExpense,
    decimal Malpractice,
    decimal WorkGpci,
    decimal PracticeExpenseGpci,
    decimal MalpracticeGpci,
    decimal WorkComponent,
    decimal PracticeExpenseComponent,
    decimal MalpracticeComponent);

/// <summary>One adjustment of the line's remittance.</summary>
internal sealed record AdjustmentJson(string Group, string Reason, string? Remark, decimal Amount, string Rule);

/// <summary>One pricing step; the remittance code and amount only where the step adjusts the charge.</summary>
internal sealed record StepJson(
    string Rule,
    string Detail,
    decimal? Factor,
    decimal AmountBefore,
    decimal Amount,
    string Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Remittance,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? RemittanceAmount);

/// <summary>The NCCI facts of <c>price --json</c>: the MUE row, the add-on edits, the PTP pairs, each from the insight that states it, and the facts in words.</summary>
internal sealed record NcciFactsJson(
    MueJson? Mue,
    string[] AddOnPrimaries,
    int? AddOnType,
    string[] AddOnsOfThisPrimary,
    PtpJson[] Ptp,
    string? PtpTable,
    string[] Facts)
{
    /// <param name="ncci">The NCCI insights of the report, in its order.</param>
    /// <param name="tables">The report's NCCI tables.</param>
    /// <param name="facts">The facts in words: the insights' and the summary's.</param>
    public static NcciFactsJson Of(IReadOnlyList<CodeInsight> ncci, IEnumerable<NcciTableSource> tables, IEnumerable<string> facts)
    {
        string? Table(NcciTableKind kind) => tables.FirstOrDefault(t => t.Kind == kind)?.ToString();
        var addOn = ncci.SelectMany(i => i.AddOnEdits).ToList();
        return new NcciFactsJson(
            ncci.Select(i => i.Mue).FirstOrDefault(m => m is not null) is { } m ? new MueJson(m.Value, (int)m.Adjudication, m.Rationale, Table(NcciTableKind.MuePractitioner)) : null,
            [.. addOn.Where(e => e.Primary.IsSome).Select(e => e.Primary.ToString())],
            addOn.Count > 0 ? (int)addOn[0].Type : null,
            [.. ncci.Where(i => i.Kind == InsightKind.AddOnsAccepted).SelectMany(i => i.RelatedCodes).Select(c => c.ToString())],
            [.. ncci.Select(i => i.PtpEdit).OfType<PtpEdit>().Select(e => new PtpJson(e.Column1.ToString(), e.Column2.ToString(), (int)e.ModifierIndicator, e.Rationale))],
            Table(NcciTableKind.PtpPractitioner),
            [.. facts]);
    }
}

/// <summary>The MUE row of a code.</summary>
internal sealed record MueJson(int Value, int AdjudicationIndicator, string Rationale, string? Table);

/// <summary>A PTP pair in force.</summary>
internal sealed record PtpJson(string Column1, string Column2, int ModifierIndicator, string Rationale);

/// <summary>A line of <c>reprice --json-lines</c>.</summary>
internal sealed record RepricedLineJson(string ClaimId, string Line, LinePriceJson Price)
{
    /// <summary>How many rows of the line's claim could not be read (written when not 0: the claim was priced without them).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public int ClaimRejectedRows { get; init; }
}

/// <summary>A row of <c>reprice --json-lines</c> that could not be read: its fields as read, outcome <c>Rejected</c> and why.</summary>
internal sealed record RejectedLineJson(string ClaimId, string Line, string Date, string Hcpcs, string Modifiers, string Units, string Outcome, string Reason, int ClaimRejectedRows);
