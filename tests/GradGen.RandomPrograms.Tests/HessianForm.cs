namespace GradGen.RandomPrograms;

/// <summary>
/// Programs whose F is <c>[Differentiable(Hessian = true)]</c> (<see cref="Prog.Hessian"/>): FHessianVectorProduct is checked at
/// each point whose gradient matched, by two oracles that need no second derivatives from the interpreter. The Hessian is
/// symmetric, so for two directions u and w, u·(Hw) = w·(Hu) up to rounding; and H·u is the derivative of the gradient along
/// u, so it matches central differences of the generated gradient (itself checked against the interpreter's dual numbers)
/// wherever those are reliable: far from branches and kinks, and where two step sizes agree.
/// </summary>
public static class HessianForm
{
    /// <summary>The smallest distance to a branch or kink (the interpreter's margin) at which differences of the gradient are
    /// taken: the steps must not cross one.</summary>
    public const double DifferenceMargin = 1e-3;

    /// <summary>Whether F can be marked <c>Hessian = true</c> without GG0027 or GG0026: a double scalar method (generic form, model
    /// form with callees taking the model whole, jagged and two-dimensional weights included), calling no method with a custom derivative. And holding nothing
    /// constant (<c>Gradients.WithoutDerivative</c>, a callee's <c>[NoDerivative]</c> real or array parameter): its value is held constant in the second derivative too (as a stop-gradient is in
    /// forward-over-reverse anywhere), so the product is not the derivative of the gradient there, and need not be symmetric.</summary>
    public static bool Fits(Prog p) =>
        !p.IsFloat && p.Vector is null && !p.F.ReturnsArray
        && !p.Methods.Any(m => m.IsCustom)
        && !p.Methods.Any(m => m.Name != "F" && m.Params.Any(q => q.NoDeriv && (q.IsReal || q.IsArray || q.IsGrid)))
        && !TreeText.Write(p).Contains("WithoutDerivative", StringComparison.Ordinal);

    /// <summary>Whether differences of the gradient are an oracle for the product: not where F computes with
    /// <c>ReciprocalSqrtEstimate</c>, whose value is an estimate (steps of a table on x64) while its derivative is that of
    /// 1/√x, so the gradient's differences see the steps. Symmetry still holds there.</summary>
    public static bool Differentiable(Prog p) => !TreeText.Write(p).Contains("ReciprocalSqrtEstimate", StringComparison.Ordinal);

    /// <summary>Symmetry and differences of the gradient at one point; null when both hold (or the differences are unreliable).</summary>
    internal static Failure? Check(Prog p, Func<double[], double[], double[]> product, Func<double[], double[]> gradient, double[] point, double[] u,
        bool differences, Checker.Caller call, Func<string, string, Failure> fail)
    {
        int k = u.Length;
        double[] w = new double[k];
        for (int i = 0; i < k; i++) w[i] = Math.Sin(1.7 * i + 0.3);
        double[] hu = call("HessianVectorProduct", () => product(point, u), out Failure? failure);
        if (failure is not null) return failure;
        double[] hw = call("HessianVectorProduct", () => product(point, w), out failure);
        if (failure is not null) return failure;
        if (hu.Length != k || hw.Length != k) return fail("wrong:HessianVectorProduct:shape", $"{hu.Length} and {hw.Length} values for {k} inputs");

        // A second derivative may be infinite where the first is finite (√x near 0): nothing to compare then.
        if (!hu.All(double.IsFinite) || !hw.All(double.IsFinite)) return null;
        double uHw = Dot(u, hw), wHu = Dot(w, hu);
        double scale = Norm(u) * Norm(hw) + Norm(w) * Norm(hu);
        if (Math.Abs(uHw - wHu) > 1e-7 * scale + 1e-12)
        {
            return fail("wrong:HessianVectorProduct:symmetry", $"u·(Hw) = {uHw:R} but w·(Hu) = {wHu:R} (u = [{string.Join(", ", u)}], Hu = [{string.Join(", ", hu.Select(x => x.ToString("R")))}])");
        }

        Interlocked.Increment(ref Checker.HessianPointsChecked);
        if (!differences || !Differentiable(p)) return null;

        // Central differences of the gradient along u at two steps; Richardson's combination where they agree.
        int[] slots = DifferentiableSlots(p);
        double size = Math.Max(1, slots.Max(s => Math.Abs(point[s])));
        double step = 1e-4 * size / Math.Max(1e-300, u.Max(Math.Abs));
        double[]? d1 = Difference(gradient, point, slots, u, step, k), d2 = Difference(gradient, point, slots, u, step / 2, k);
        if (d1 is null || d2 is null) return null;
        double big = Math.Max(1, d2.Max(Math.Abs));
        if (d1.Zip(d2).Any(x => Math.Abs(x.First - x.Second) > 1e-4 * big)) return null; // not smooth enough over the steps
        for (int i = 0; i < k; i++)
        {
            double expected = (4 * d2[i] - d1[i]) / 3;
            if (Math.Abs(hu[i] - expected) > 1e-4 * Math.Max(big, Math.Abs(expected)))
            {
                return fail("wrong:HessianVectorProduct", $"(Hu)[{i}] = {hu[i]:R}, differences of the gradient give {expected:R} (u = [{string.Join(", ", u)}])");
            }
        }

        Interlocked.Increment(ref Checker.HessianDifferencePointsChecked);
        return null;
    }

    /// <summary>(∇f(x + h·u) - ∇f(x - h·u)) / 2h, or null where the gradient throws or is not finite.</summary>
    private static double[]? Difference(Func<double[], double[]> gradient, double[] point, int[] slots, double[] u, double h, int k)
    {
        double[] plus = (double[])point.Clone(), minus = (double[])point.Clone();
        for (int i = 0; i < k; i++)
        {
            plus[slots[i]] += h * u[i];
            minus[slots[i]] -= h * u[i];
        }

        double[] gp, gm;
        try
        {
            gp = gradient(plus);
            gm = gradient(minus);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }

        if (gp.Length < k || gm.Length < k) return null;
        var d = new double[k];
        for (int i = 0; i < k; i++)
        {
            d[i] = (gp[i] - gm[i]) / (2 * h);
            if (!double.IsFinite(d[i])) return null;
        }

        return d;
    }

    /// <summary>The index in the point of each differentiable coordinate, in order (the point holds every real and array
    /// parameter's values, and differentiable grids'; the gradient and the adjoints only the differentiable ones).</summary>
    internal static int[] DifferentiableSlots(Prog p)
    {
        var slots = new List<int>();
        int at = 0;
        foreach (Param q in p.F.Params)
        {
            int n = q.PointValues;
            if (q.Differentiable)
            {
                for (int j = 0; j < n; j++) slots.Add(at + j);
            }

            at += n;
        }

        return slots.ToArray();
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
}
