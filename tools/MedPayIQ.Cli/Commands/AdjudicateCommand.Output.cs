using System.Diagnostics;
using System.Globalization;
using MedPayIQ.Cli.Json;
using MedPayIQ.Cli.Reprice;
using MedPayIQ.Pricing;
using MedPayIQ.X12;
using static MedPayIQ.Cli.Cli;

namespace MedPayIQ.Cli.Commands;

/// <summary><c>adjudicate</c>'s output: the summary of a run, and the 835, CSV, JSON lines or repriced 837P it writes, streaming.</summary>
internal sealed partial class AdjudicateCommand
{
    /// <summary>The most claims of one 835 transaction set (claims of a payee in a row).</summary>
    internal const int ClaimsPerRemittance = 1_000;

    /// <summary>The header of the CSV output.</summary>
    internal const string CsvHeader = "claim_id,line,date,hcpcs,modifiers,units,claim_status,charge,allowed,payment,patient_responsibility,adjustments,remarks,outcome,denial,reason,claim_rejected_rows\r\n";

    /// <summary>What an adjudicate run did.</summary>
    internal sealed class Summary
    {
        public long Claims, Lines, DeniedLines, UnpricedLines, DeniedClaims, RejectedRows, FlaggedClaims, RejectedClaims, LeftOut;
        public decimal Charge, Allowed, Payment, PatientResponsibility;
        public TimeSpan Elapsed;
        public IReadOnlyList<X12TransactionResult>? Transactions;

        /// <summary>A claim adjudicated (null when none of its rows could be read) and its rows that could not be.</summary>
        public void Add(ExpectedClaim? claim, int rejectedRows = 0)
        {
            RejectedRows += rejectedRows;
            if (claim is null)
            {
                RejectedClaims++;
                return;
            }

            Claims++;
            FlaggedClaims += rejectedRows > 0 ? 1 : 0;
            DeniedClaims += claim.Status == ExpectedClaimStatus.Denied ? 1 : 0;
            Charge += claim.Charge;
            Allowed += claim.Allowed;
            Payment += claim.Payment;
            PatientResponsibility += claim.PatientResponsibility;
            foreach (var line in claim.Lines)
            {
                Lines++;
                DeniedLines += line.Denial is null ? 0 : 1;
                UnpricedLines += line.Price is { Outcome: not PriceOutcome.Priced } ? 1 : 0;
            }
        }

        /// <summary>Adds the counts and amounts of a batch.</summary>
        public void Add(Summary batch)
        {
            Claims += batch.Claims;
            Lines += batch.Lines;
            DeniedLines += batch.DeniedLines;
            UnpricedLines += batch.UnpricedLines;
            DeniedClaims += batch.DeniedClaims;
            RejectedRows += batch.RejectedRows;
            FlaggedClaims += batch.FlaggedClaims;
            RejectedClaims += batch.RejectedClaims;
            LeftOut += batch.LeftOut;
            Charge += batch.Charge;
            Allowed += batch.Allowed;
            Payment += batch.Payment;
            PatientResponsibility += batch.PatientResponsibility;
        }

        public override string ToString()
        {
            double seconds = Math.Max(Elapsed.TotalSeconds, 1e-9);
            return string.Create(CultureInfo.InvariantCulture,
                $"medpayiq: {Claims:N0} claims ({DeniedClaims:N0} denied), {Lines:N0} lines; charge {Charge:N2}, allowed {Allowed:N2}, Medicare {Payment:N2}, patient {PatientResponsibility:N2}; {DeniedLines:N0} lines denied by NCCI edits, {UnpricedLines:N0} not priced; {RejectedRows:N0} rows rejected ({FlaggedClaims:N0} claims adjudicated without them, {RejectedClaims:N0} with no row read{(LeftOut > 0 ? $", {LeftOut:N0} left out of the 835" : "")}); {Claims / seconds:N0} claims/s, {(Lines + RejectedRows) / seconds:N0} lines/s");
        }

        /// <summary>The summary as <c>--json</c> writes it; the transaction sets read and not read when the claims are an 837P.</summary>
        public AdjudicateSummaryJson ToJson(IReadOnlyList<X12TransactionResult>? transactions) => new(
            Claims,
            DeniedClaims,
            Lines,
            DeniedLines,
            UnpricedLines,
            RejectedRows,
            FlaggedClaims,
            RejectedClaims,
            LeftOut,
            Charge,
            Allowed,
            Payment,
            PatientResponsibility,
            transactions?.Count(t => t.Read),
            transactions is null ? null : [.. transactions.Where(t => !t.Read).Select(TransactionNotReadJson.Of)],
            Math.Round(Elapsed.TotalSeconds, 3));
    }

    /// <summary>
    /// An 835 written claim by claim: one transaction set per payee and 837P transaction (a claim file's claims: one
    /// payee), at most <see cref="ClaimsPerRemittance"/> claims each.
    /// </summary>
    internal sealed class RemittanceOutput(TextWriter output, string source, RemittanceOptions options)
    {
        private readonly RemittanceWriter _writer = new(output, options);
        private string? _open;
        private int _inTransaction;

        /// <summary>
        /// A claim made ready on a worker thread: its 835 segments formatted with the writer's options, and the payee
        /// whose transaction set it belongs to. The pipeline holds this text until its turn to be written, not the adjudicated claim.
        /// </summary>
        internal sealed record Pending(string Key, X12Party? Payee, FormattedRemittanceClaim Claim);

        /// <summary>Formats a claim for <see cref="Add"/> (any thread).</summary>
        public static Pending Prepare(ExpectedClaim claim, RemittanceOptions options)
            => new(claim.Source is { } s ? $"{s.Envelope}|{s.BillingProvider.Id}|{s.BillingProvider.Name}" : "", claim.Source?.BillingProvider, RemittanceWriter.Format(claim, options));

        /// <summary>Writes a claim prepared by <see cref="Prepare"/>, in a transaction set of its payee (a new one at most every <see cref="ClaimsPerRemittance"/> claims).</summary>
        public void Add(Pending claim)
        {
            if (_open is not null && (claim.Key != _open || _inTransaction == ClaimsPerRemittance))
            {
                _writer.EndTransaction();
                _open = null;
            }

            if (_open is null)
            {
                _writer.BeginTransaction(claim.Payee ?? new X12Party { Name = $"PAYEE OF {source}".ToUpperInvariant() });
                (_open, _inTransaction) = (claim.Key, 0);
            }

            _writer.Add(claim.Claim);
            _inTransaction++;
        }

        public void Complete()
        {
            if (_open is not null)
            {
                _writer.EndTransaction();
            }

            _writer.Complete();
        }
    }

    /// <summary>An 837P written back with HCP repricing segments (<see cref="RepricedClaimWriter"/>).</summary>
    private static Summary Repriced(FileInfo file, TextWriter output, ExpectedAdjudicator adjudicator, X12ReadOptions options, int workers)
    {
        var clock = Stopwatch.StartNew();
        var summary = new Summary();
        using var input = file.OpenText();
        try
        {
            // The claims are adjudicated on the workers (the writer keeps their order); the summary is added to under a lock.
            summary.Transactions = RepricedClaimWriter.Write(input, file.Name, output, claim =>
            {
                var expected = adjudicator.Adjudicate(claim);
                lock (summary)
                {
                    summary.Add(expected);
                }

                return expected;
            }, new RepricingOptions { Read = options, MaxDegreeOfParallelism = workers });
        }
        catch (X12FormatException ex)
        {
            throw new UsageException(ex.Message);
        }

        summary.Elapsed = clock.Elapsed;
        return summary;
    }

    /// <summary>
    /// One row per line of a claim (null when none of its rows could be read) and per row rejected, in the claim's
    /// order, written field by field (no string per row).
    /// </summary>
    internal static void WriteCsv(TextWriter o, ExpectedClaim? claim, List<RejectedRow> rejected)
    {
        string status = claim is null ? RepriceColumns.Rejected : claim.Status == ExpectedClaimStatus.Denied ? "Denied" : "Processed";
        int lines = claim?.Lines.Length ?? 0, total = lines + rejected.Count, next = 0, r = 0;
        string id = claim is null ? "" : Csv(claim.ClaimId);
        for (int position = 0; position < total; position++)
        {
            if (r < rejected.Count && (rejected[r].Position == position || next == lines))
            {
                var row = rejected[r++];
                foreach (string field in (ReadOnlySpan<string>)[row.ClaimId, row.Line, row.Date, row.Hcpcs, row.Modifiers, row.Units, status])
                {
                    o.Write(Csv(field));
                    o.Write(',');
                }

                o.Write(",,,,,,Rejected,,");
                o.Write(Csv(row.Reason));
                o.Write(',');
                Write(o, rejected.Count);
                o.Write("\r\n");
                continue;
            }

            var line = claim!.Lines[next++];
            var l = line.Line;
            o.Write(id);
            o.Write(',');
            Write(o, line.LineNumber);
            o.Write(',');
            Write(o, l.DateOfService, "yyyy-MM-dd");
            o.Write(',');
            Write(o, l.Hcpcs);
            o.Write(',');
            o.Write(l.Modifiers.Count > 0 ? Csv(l.Modifiers.ToString()) : "");
            o.Write(',');
            Write(o, l.AnesthesiaMinutes > 0 ? l.AnesthesiaMinutes : l.Units);
            o.Write(',');
            o.Write(status);
            foreach (decimal amount in (ReadOnlySpan<decimal>)[line.Charge, line.Allowed, line.Payment, line.PatientResponsibility])
            {
                o.Write(',');
                Write(o, amount, "0.00");
            }

            o.Write(',');
            for (int i = 0; i < line.Adjustments.Length; i++)
            {
                var a = line.Adjustments[i];
                o.Write(i == 0 ? "" : " ");
                o.Write(a.Group);
                o.Write('-');
                o.Write(a.Reason);
                o.Write(':');
                Write(o, a.Amount, "0.00");
            }

            o.Write(',');
            string? last = null;
            foreach (var a in line.Adjustments)
            {
                if (a.Remark is { } remark && remark != last)
                {
                    o.Write(last is null ? "" : " ");
                    o.Write(remark);
                    last = remark;
                }
            }

            o.Write(',');
            o.Write(ExpectedLineJson.OutcomeOf(line));
            o.Write(',');
            o.Write(Csv(line.Denial?.Edit ?? ""));
            o.Write(",,");
            Write(o, rejected.Count);
            o.Write("\r\n");
        }
    }

    /// <summary>A value written invariantly through a stack buffer (no string).</summary>
    private static void Write<T>(TextWriter o, T value, string? format = null)
        where T : ISpanFormattable
    {
        Span<char> buffer = stackalloc char[32];
        if (!value.TryFormat(buffer, out int n, format, CultureInfo.InvariantCulture))
        {
            o.Write(value.ToString(format, CultureInfo.InvariantCulture));
            return;
        }

        o.Write(buffer[..n]);
    }
}
