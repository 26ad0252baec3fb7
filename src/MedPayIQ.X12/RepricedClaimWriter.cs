using System.Globalization;
using System.Text;

namespace MedPayIQ.X12;

/// <summary>How <see cref="RepricedClaimWriter"/> reads, marks and adjudicates an 837P.</summary>
public sealed record RepricingOptions
{
    /// <summary>How the claims are read (<c>null</c>: the defaults).</summary>
    public X12ReadOptions? Read { get; init; }

    /// <summary>HCP04, the repricing organization identifier (default <c>MEDPAYIQ</c>).</summary>
    public string RepricerId { get; init; } = "MEDPAYIQ";

    /// <summary>
    /// How many claims are adjudicated at once (1, the default: one after the other). Above 1, the adjudication
    /// function is called on several threads for runs of up to <see cref="RepricedClaimWriter.ClaimsPerRun"/> claims
    /// of a transaction set, and must be thread-safe (as <see cref="ExpectedAdjudicator"/> is); the output is the
    /// same whatever the value.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;
}

/// <summary>
/// Writes an 837P back with the repricing segment many repricers return, HCP, at claim level (loop 2300) and line
/// level (2400): HCP01 the pricing methodology (02 priced at the standard fee schedule; 00 zero pricing for a claim or
/// line that is not paid by the fee schedule: denied by an edit, not payable, or not priced here), HCP02 the repriced
/// allowed amount, HCP03 the savings (charge less allowed), HCP04 the repricing organization. Every other segment is
/// copied as read; HCP segments already there are replaced; SE, GE and IEA counts are written anew. A transaction set
/// that cannot be read is left out (the result says which and why). Streaming: one transaction set in memory.
/// </summary>
public static class RepricedClaimWriter
{
    /// <summary>Reads the 837P, adjudicates each claim and writes the 837P with HCP segments.</summary>
    /// <param name="input">The 837P text.</param>
    /// <param name="source">Its name, for errors.</param>
    /// <param name="output">Where the repriced 837P is written (the input's delimiters, a line break after each segment).</param>
    /// <param name="adjudicate">Prices a claim: <see cref="ExpectedAdjudicator.Adjudicate(ProfessionalClaim)"/>, or a function that calls it.</param>
    /// <param name="options">How the claims are read.</param>
    /// <param name="repricerId">HCP04, the repricing organization identifier.</param>
    /// <returns>Each transaction set: read and written, or left out with its error.</returns>
    /// <exception cref="X12FormatException">The text is not an X12 interchange.</exception>
    public static IReadOnlyList<X12TransactionResult> Write(TextReader input, string source, TextWriter output, Func<ProfessionalClaim, ExpectedClaim> adjudicate,
        X12ReadOptions? options = null, string repricerId = "MEDPAYIQ")
        => Write(input, source, output, adjudicate, new RepricingOptions { Read = options, RepricerId = repricerId });

    /// <summary>Reads the 837P, adjudicates its claims (on several threads when the options say so) and writes the 837P with HCP segments.</summary>
    /// <param name="input">The 837P text.</param>
    /// <param name="source">Its name, for errors.</param>
    /// <param name="output">Where the repriced 837P is written (the input's delimiters, a line break after each segment).</param>
    /// <param name="adjudicate">Prices a claim: <see cref="ExpectedAdjudicator.Adjudicate(ProfessionalClaim)"/>, or a function that calls it.</param>
    /// <param name="options">How the claims are read, the repricer's id, how many claims are adjudicated at once.</param>
    /// <returns>Each transaction set: read and written, or left out with its error.</returns>
    /// <exception cref="X12FormatException">The text is not an X12 interchange.</exception>
    public static IReadOnlyList<X12TransactionResult> Write(TextReader input, string source, TextWriter output, Func<ProfessionalClaim, ExpectedClaim> adjudicate, RepricingOptions options)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(adjudicate);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.RepricerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDegreeOfParallelism, 1);
        int maxDegreeOfParallelism = options.MaxDegreeOfParallelism;
        string repricerId = options.RepricerId;
        var reader = new ProfessionalClaimReader(input, source, options.Read);
        var copy = new Copier(output, repricerId);
        reader.Sink = copy.Segment;
        if (maxDegreeOfParallelism == 1)
        {
            foreach (var claim in reader.ReadClaims())
            {
                copy.Claims.Add(adjudicate(claim));
            }
        }
        else
        {
            // Claims wait in runs and are adjudicated together; a transaction's last run before it is written (the
            // reader yields a transaction's last claim before the segment after its SE, which writes it).
            var run = new List<ProfessionalClaim>(ClaimsPerRun);
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
            void Adjudicate()
            {
                var done = new ExpectedClaim[run.Count];
                Parallel.For(0, run.Count, parallel, i => done[i] = adjudicate(run[i]));
                copy.Claims.AddRange(done);
                run.Clear();
            }

            copy.BeforeFlush = Adjudicate;
            foreach (var claim in reader.ReadClaims())
            {
                run.Add(claim);
                if (run.Count == ClaimsPerRun)
                {
                    Adjudicate();
                }
            }

            Adjudicate();
        }

        copy.Flush();
        output.Flush();
        return reader.Transactions;
    }

    /// <summary>The most claims adjudicated together when <see cref="RepricingOptions.MaxDegreeOfParallelism"/> is above 1.</summary>
    public const int ClaimsPerRun = 256;

    /// <summary>Copies the segments, holding one transaction set until its claims are adjudicated.</summary>
    private sealed class Copier(TextWriter output, string repricerId)
    {
        private readonly List<string> _transaction = [];
        private Delimiters _delimiters;
        private bool _inTransaction, _complete;
        private int _written, _groups;

        public List<ExpectedClaim> Claims { get; } = [];

        /// <summary>Run before a transaction is written: the claims still waiting are adjudicated.</summary>
        public Action? BeforeFlush { get; set; }

        public void Segment(ReadOnlySpan<char> text, Delimiters delimiters)
        {
            // The claims of a transaction are all adjudicated when the segment after its SE is read.
            if (_complete)
            {
                Flush();
            }

            var id = text.IndexOf(delimiters.Element) is int end and >= 0 ? text[..end] : text;
            if (_inTransaction)
            {
                _transaction.Add(text.ToString());
                _complete = id.SequenceEqual("SE");
                _inTransaction = !_complete;
                return;
            }

            switch (id)
            {
                case "ISA":
                    _delimiters = delimiters;
                    _groups = 0;
                    Write(text);
                    break;
                case "GS":
                    _groups++;
                    _written = 0;
                    Write(text);
                    break;
                case "ST":
                    _delimiters = delimiters;
                    _transaction.Clear();
                    _transaction.Add(text.ToString());
                    _inTransaction = true;
                    break;
                case "GE":
                    Write($"GE{delimiters.Element}{_written}{delimiters.Element}{Element(text, 2, delimiters.Element)}");
                    break;
                case "IEA":
                    Write($"IEA{delimiters.Element}{_groups}{delimiters.Element}{Element(text, 2, delimiters.Element)}");
                    break;
            }
        }

        /// <summary>Writes the held transaction with its HCP segments when it was read (it has claims), else leaves it out.</summary>
        public void Flush()
        {
            BeforeFlush?.Invoke();
            _complete = false;
            if (Claims.Count == 0 || _transaction.Count == 0)
            {
                _transaction.Clear();
                Claims.Clear();
                return;
            }

            char e = _delimiters.Element;
            int segments = 0, claim = -1, line = -1;
            bool claimPending = false, linePending = false;
            foreach (string text in _transaction)
            {
                var id = text.AsSpan(0, text.IndexOf(e) is int end and >= 0 ? end : text.Length);
                if (linePending && id is "LIN" or "NM1" or "SVD" or "LQ" or "LX" or "CLM" or "HL" or "SE")
                {
                    var l = Claims[claim].Lines[line];
                    Write(Hcp(l.Denial is null && l.Price is { Outcome: Pricing.PriceOutcome.Priced }, l.Allowed, l.Charge));
                    segments++;
                    linePending = false;
                }

                if (claimPending && id is "NM1" or "SBR" or "LX" or "CLM" or "HL" or "SE")
                {
                    var c = Claims[claim];
                    Write(Hcp(c.Status == ExpectedClaimStatus.Processed, c.Allowed, c.Charge));
                    segments++;
                    claimPending = false;
                }

                switch (id)
                {
                    case "HCP":
                        continue; // replaced
                    case "CLM":
                        (claim, line, claimPending) = (claim + 1, -1, true);
                        break;
                    case "LX":
                        (line, linePending) = (line + 1, true);
                        break;
                    case "SE":
                        Write($"SE{e}{segments + 1}{e}{Element(text, 2, e)}");
                        continue;
                }

                Write(text);
                segments++;
            }

            _written++;
            _transaction.Clear();
            Claims.Clear();
        }

        private string Hcp(bool priced, decimal allowed, decimal charge)
        {
            char e = _delimiters.Element;
            return string.Create(CultureInfo.InvariantCulture, $"HCP{e}{(priced ? "02" : "00")}{e}{RemittanceWriter.Amount(allowed)}{e}{RemittanceWriter.Amount(charge - allowed)}{e}{repricerId}");
        }

        private static string Element(ReadOnlySpan<char> text, int n, char separator) => new Segment(text, separator)[n].ToString();

        private void Write(ReadOnlySpan<char> segment)
        {
            output.Write(segment);
            output.Write(_delimiters.Segment);
            if (_delimiters.Segment != '\n')
            {
                output.Write('\n');
            }
        }
    }
}
