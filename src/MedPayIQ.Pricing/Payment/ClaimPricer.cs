namespace MedPayIQ.Pricing;

/// <summary>
/// Prices the claims of a batch one after another on one thread, reusing the memory of its previous answer: for a job
/// that reads each claim's price before it prices the next (a repricing run that writes each claim's lines as it goes),
/// where a new <see cref="ClaimPrice"/> for every claim (its lines' states and adjustments: about 1 KB for a claim of
/// four or five lines) is most of what the job allocates. The answers are those of <see cref="PaymentCalculator.Price(Claim)"/>.
/// </summary>
/// <remarks>
/// <see cref="Price(Claim)"/> (and <see cref="Price(Claim, ReadOnlySpan{ClaimLine})"/>) returns the same <see cref="ClaimPrice"/> object each time, filled for the claim just priced: a
/// result, and the <see cref="LinePrice"/> values read from it, hold only until the next call. Keep nothing of them
/// across calls (copy the amounts you keep), and use <see cref="PaymentCalculator.Price(Claim)"/> for results to keep.
/// Not thread-safe: one pricer per thread; the calculator it prices with is shared by every thread.
/// </remarks>
/// <param name="calculator">The calculator whose catalog and options price the claims.</param>
/// <example>
/// <code>
/// var pricer = new ClaimPricer(calculator); // one per worker thread
/// foreach (var claim in batch)
/// {
///     var price = pricer.Price(claim);
///     foreach (var line in price.Lines) output.Write(claimId, line.LineNumber, line.AllowedAmount);
/// }
/// </code>
/// </example>
public sealed class ClaimPricer(PaymentCalculator calculator)
{
    private readonly PaymentCalculator _calculator = calculator ?? throw new ArgumentNullException(nameof(calculator));
    private ClaimPrice? _last;

    /// <summary>Prices <paramref name="claim"/> as <see cref="PaymentCalculator.Price(Claim)"/> does, into the result of the previous call.</summary>
    /// <param name="claim">The claim.</param>
    /// <returns>The claim's price, valid until the next call.</returns>
    public ClaimPrice Price(Claim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return _last = ClaimEngine.Price(_calculator, claim, reuse: _last);
    }

    /// <summary>
    /// Prices <paramref name="lines"/> as the lines of a claim with <paramref name="claim"/>'s fields (location, place of
    /// service, setting, provider, participation, deductible...; its own <see cref="Claim.Lines"/> are not read): the
    /// same answer as <see cref="Price(Claim)"/> of <c>claim with { Lines = lines }</c>, without that claim being made. For
    /// a batch that reads each claim's lines into a buffer of its own and shares one claim object among the claims of
    /// the same fields. The result's <see cref="ClaimPrice.Claim"/> is made only when read.
    /// </summary>
    /// <param name="claim">The claim whose fields price the lines.</param>
    /// <param name="lines">The claim's lines (copied: the buffer may be reused once this returns).</param>
    /// <returns>The claim's price, valid until the next call.</returns>
    public ClaimPrice Price(Claim claim, ReadOnlySpan<ClaimLine> lines)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return _last = ClaimEngine.Price(_calculator, claim, lines, _last);
    }
}
