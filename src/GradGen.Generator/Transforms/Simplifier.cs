using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Transforms
{
    /// <summary>
    /// Simplifies derivative expressions (never the user's own arithmetic, whose bits must not change):
    /// folds constants, drops terms multiplied by zero and factors of one, collects like terms
    /// (<c>x * seed + seed * x</c> becomes <c>2.0 * x * seed</c>), turns multiplication by a reciprocal
    /// into division, and moves a factor into a conditional with constant branches.
    /// Primal values inside derivative code — the arguments of an elementary function, the operands of a
    /// comparison — are only constant-folded: <c>-(z - t)</c> is -0.0 where <c>t - z</c> is +0.0, and
    /// <c>CopySign</c>, <c>Atan2</c>, <c>Max</c> or a branch would see the difference.
    /// </summary>
    internal static class Simplifier
    {
        /// <summary>A product <c>Coefficient * Π Numerators / Π Denominators</c>.</summary>
        private sealed class Term
        {
            public double Coefficient = 1;
            public readonly List<Expr> Numerators = new();
            public readonly List<Expr> Denominators = new();

            /// <summary>The factors as two multisets: terms with equal keys are like terms, whatever the order of their factors.</summary>
            public TermKey Key => new(Numerators, Denominators);
        }

        /// <summary>The numerators and denominators of a term, compared as multisets of expressions with equal values
        /// (structurally equal once <see cref="ValueOf"/> has dropped what does not change a value).</summary>
        private readonly struct TermKey : IEquatable<TermKey>
        {
            private readonly Expr[] _numerators;
            private readonly Expr[] _denominators;
            private readonly int _hash;

            public TermKey(List<Expr> numerators, List<Expr> denominators)
            {
                _numerators = numerators.Select(ValueOf).ToArray();
                _denominators = denominators.Select(ValueOf).ToArray();
                _hash = unchecked(OrderFreeHash(_numerators) * 397 ^ OrderFreeHash(_denominators));
            }

            public bool Equals(TermKey other) =>
                _hash == other._hash && SameMultiset(_numerators, other._numerators) && SameMultiset(_denominators, other._denominators);

            public override bool Equals(object? obj) => obj is TermKey other && Equals(other);

            public override int GetHashCode() => _hash;

            private static int OrderFreeHash(Expr[] factors)
            {
                int hash = factors.Length;
                foreach (Expr f in factors) hash = unchecked(hash + f.GetHashCode());
                return hash;
            }

            private static bool SameMultiset(Expr[] a, Expr[] b)
            {
                if (a.Length != b.Length) return false;
                var unmatched = new List<Expr>(b);
                foreach (Expr x in a)
                {
                    int i = unmatched.IndexOf(x);
                    if (i < 0) return false;
                    unmatched.RemoveAt(i);
                }

                return true;
            }
        }

        public static Expr Simplify(Expr e)
        {
            switch (e)
            {
                case Binary { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide } b when b.Type.IsReal:
                    return SimplifyArithmetic(b);
                case Unary { Op: UnaryOp.Negate } u when u.Type.IsReal:
                    return SimplifyArithmetic(u);
                case Binary b when IsComparison(b.Op):
                    return b with { Left = Exact(b.Left), Right = Exact(b.Right) };
                case Binary b:
                    return b with { Left = Simplify(b.Left), Right = Simplify(b.Right) };
                case Unary u:
                    {
                        Expr operand = Simplify(u.Operand);
                        if (u.Op == UnaryOp.Not && operand is BoolConst bc) return new BoolConst(!bc.Value);
                        return u with { Operand = operand };
                    }

                case Call c:
                    return SimplifyCall(c with { Args = c.Args.Select(Exact).ToEquatableArray() });
                case Conditional c:
                    {
                        Expr condition = Simplify(c.Condition);
                        Expr whenTrue = Simplify(c.WhenTrue);
                        Expr whenFalse = Simplify(c.WhenFalse);
                        if (condition is BoolConst bc) return bc.Value ? whenTrue : whenFalse;
                        if (whenTrue.Equals(whenFalse)) return whenTrue;
                        return c with { Condition = condition, WhenTrue = whenTrue, WhenFalse = whenFalse };
                    }

                case Cast c:
                    return SimplifyCast(c, Simplify(c.Operand));

                case ElementAccess a:
                    return a with { Sequence = Simplify(a.Sequence), Index = Simplify(a.Index) };
                default:
                    return e;
            }
        }

        private static bool IsComparison(BinaryOp op) =>
            op is BinaryOp.Equals or BinaryOp.NotEquals or BinaryOp.LessThan or BinaryOp.LessOrEqual
                or BinaryOp.GreaterThan or BinaryOp.GreaterOrEqual;

        /// <summary>
        /// Rewrites that keep every bit of the value, signed zeros included: constants folded the way the
        /// CPU computes them, conversions that are exact, constant conditions. Used on primal values.
        /// </summary>
        private static Expr Exact(Expr e)
        {
            switch (e)
            {
                case Binary b:
                    {
                        Expr left = Exact(b.Left);
                        Expr right = Exact(b.Right);
                        // A T's arithmetic rounds as T does, which a double cannot imitate for every T: left as written.
                        if (b.Type.IsReal && b.Type.Scalar != ScalarKind.Generic && left is RealConst { Symbol: null } l && right is RealConst { Symbol: null } r
                            && l.Kind == b.Type.Scalar && r.Kind == b.Type.Scalar)
                        {
                            double? folded = b.Op switch
                            {
                                BinaryOp.Add => l.Value + r.Value,
                                BinaryOp.Subtract => l.Value - r.Value,
                                BinaryOp.Multiply => l.Value * r.Value,
                                BinaryOp.Divide => l.Value / r.Value,
                                _ => null,
                            };

                            // A float operation computed in double and rounded once is the float operation.
                            if (folded is double value) return RealConst.Of(value, b.Type.Scalar);
                        }

                        return b with { Left = left, Right = right };
                    }

                case Unary u:
                    {
                        Expr operand = Exact(u.Operand);
                        if (u.Op == UnaryOp.Not && operand is BoolConst bc) return new BoolConst(!bc.Value);
                        if (u.Op == UnaryOp.Negate && operand is RealConst { Symbol: null } rc && rc.Kind == u.Type.Scalar)
                        {
                            return RealConst.Of(-rc.Value, rc.Kind);
                        }

                        return u with { Operand = operand };
                    }

                case Call c:
                    return SimplifyCall(c with { Args = c.Args.Select(Exact).ToEquatableArray() });
                case Conditional c:
                    {
                        Expr condition = Exact(c.Condition);
                        Expr whenTrue = Exact(c.WhenTrue);
                        Expr whenFalse = Exact(c.WhenFalse);
                        if (condition is BoolConst bc) return bc.Value ? whenTrue : whenFalse;
                        return c with { Condition = condition, WhenTrue = whenTrue, WhenFalse = whenFalse };
                    }

                case Cast c:
                    return SimplifyCast(c, Exact(c.Operand));
                case ElementAccess a:
                    return a with { Sequence = Exact(a.Sequence), Index = Exact(a.Index) };
                default:
                    return e;
            }
        }

        /// <summary>Conversions that change nothing, of constants, or float → double → float: all exact.</summary>
        private static Expr SimplifyCast(Cast c, Expr operand)
        {
            if (operand.Type == c.Type) return operand;
            if (operand is RealConst { Symbol: null } rc && c.Type.IsReal) return RealConst.Of(rc.Value, c.Type.Scalar);
            if (operand is IntConst ic && c.Type.IsReal) return RealConst.Of(ic.Value, c.Type.Scalar);
            if (operand is Cast inner && inner.Operand.Type == c.Type && c.Type.Scalar == ScalarKind.Float && inner.Type.Scalar == ScalarKind.Double)
            {
                return inner.Operand;
            }

            return c with { Operand = operand };
        }

        private static Expr SimplifyCall(Call c)
        {
            if (c.Function == Intrinsic.Pow && c.Args[1] is RealConst { Symbol: null } exponent)
            {
                if (exponent.Value == 1) return c.Args[0];
                if (exponent.Value == 0) return RealConst.Of(1, c.Type.Scalar);
            }

            return c;
        }

        private static Expr SimplifyArithmetic(Expr e)
        {
            var terms = new List<Term>();
            CollectSum(e, 1, terms, e.Type);
            return Rebuild(Combine(terms, e.Type), e.Type);
        }

        private static double Round(double value, TypeRef type) => type.Scalar == ScalarKind.Float ? (float)value : value;

        private static void CollectSum(Expr e, double sign, List<Term> terms, TypeRef type)
        {
            switch (e)
            {
                case Binary { Op: BinaryOp.Add } b when b.Type == type:
                    CollectSum(b.Left, sign, terms, type);
                    CollectSum(b.Right, sign, terms, type);
                    return;
                case Binary { Op: BinaryOp.Subtract } b when b.Type == type:
                    CollectSum(b.Left, sign, terms, type);
                    CollectSum(b.Right, -sign, terms, type);
                    return;
                case Unary { Op: UnaryOp.Negate } u when u.Type == type:
                    CollectSum(u.Operand, -sign, terms, type);
                    return;
                default:
                    Term term = ToProduct(e, type);
                    term.Coefficient *= sign;
                    terms.Add(term);
                    return;
            }
        }

        private static Term ToProduct(Expr e, TypeRef type)
        {
            var term = new Term();
            AddFactor(term, e, type, inDenominator: false);
            return term;
        }

        private static void AddFactor(Term term, Expr e, TypeRef type, bool inDenominator)
        {
            switch (e)
            {
                case Binary { Op: BinaryOp.Multiply } b when b.Type == type:
                    AddFactor(term, b.Left, type, inDenominator);
                    AddFactor(term, b.Right, type, inDenominator);
                    return;
                case Binary { Op: BinaryOp.Divide } b when b.Type == type && !inDenominator:
                    AddFactor(term, b.Left, type, inDenominator: false);
                    AddFactor(term, b.Right, type, inDenominator: true);
                    return;
                case Unary { Op: UnaryOp.Negate } u when u.Type == type:
                    term.Coefficient = -term.Coefficient;
                    AddFactor(term, u.Operand, type, inDenominator);
                    return;
                case RealConst { Symbol: null } c when c.Type == type:
                    if (!inDenominator)
                    {
                        term.Coefficient = Round(term.Coefficient * c.Value, type);
                        return;
                    }

                    if (IsExactReciprocal(c.Value))
                    {
                        term.Coefficient = Round(term.Coefficient / c.Value, type);
                        return;
                    }

                    term.Denominators.Add(c);
                    return;
                default:
                    {
                        Expr simplified = Simplify(e);
                        if (!ReferenceEquals(simplified, e) && !simplified.Equals(e))
                        {
                            AddFactor(term, simplified, type, inDenominator);
                            return;
                        }

                        (inDenominator ? term.Denominators : term.Numerators).Add(simplified);
                        return;
                    }
            }
        }

        /// <summary>Division by ±2^k is exact as multiplication by its reciprocal.</summary>
        private static bool IsExactReciprocal(double value)
        {
            if (value == 0 || double.IsNaN(value) || double.IsInfinity(value)) return false;
            long bits = BitConverter.DoubleToInt64Bits(value);
            return (bits & 0x000FFFFFFFFFFFFFL) == 0 && ((bits >> 52) & 0x7FF) != 0;
        }

        private static List<Term> Combine(List<Term> terms, TypeRef type)
        {
            var combined = new List<Term>();
            var byKey = new Dictionary<TermKey, Term>();
            foreach (Term term in terms)
            {
                if (term.Coefficient == 0) continue; // no terms multiplied by zero
                Cancel(term);
                TermKey key = term.Key;
                if (byKey.TryGetValue(key, out Term? existing))
                {
                    existing.Coefficient = Round(existing.Coefficient + term.Coefficient, type);
                }
                else
                {
                    byKey[key] = term;
                    combined.Add(term);
                }
            }

            combined.RemoveAll(t => t.Coefficient == 0);
            return combined;
        }

        /// <summary>x * a / x is a (derivative code only: the primal keeps its operations).</summary>
        private static void Cancel(Term term)
        {
            for (int d = term.Denominators.Count - 1; d >= 0; d--)
            {
                Expr denominator = ValueOf(term.Denominators[d]);
                int n = term.Numerators.FindIndex(f => ValueOf(f).Equals(denominator));
                if (n < 0) continue;
                term.Numerators.RemoveAt(n);
                term.Denominators.RemoveAt(d);
            }
        }

        /// <summary><paramref name="e"/> without what holds a value constant (<c>WithoutDerivative</c>): in derivative
        /// code <c>x</c> and <c>WithoutDerivative(x)</c> are the same value, so their terms are like terms.</summary>
        private static Expr ValueOf(Expr e) => IrRewriter.Rewrite(e, x => x is StopGradient s ? s.Operand : null);

        private static Expr Rebuild(List<Term> terms, TypeRef type)
        {
            if (terms.Count == 0) return RealConst.Of(0, type.Scalar);
            Expr? sum = null;
            foreach (Term term in terms)
            {
                bool negative = term.Coefficient < 0;
                Expr magnitude = BuildProduct(Math.Abs(term.Coefficient), term, type);
                if (sum is null)
                {
                    sum = negative ? NegateExpr(magnitude) : magnitude;
                }
                else
                {
                    sum = new Binary(negative ? BinaryOp.Subtract : BinaryOp.Add, sum, magnitude, type);
                }
            }

            return sum!;
        }

        private static Expr NegateExpr(Expr e) => e switch
        {
            RealConst { Symbol: null } c => RealConst.Of(-c.Value, c.Kind),
            _ => new Unary(UnaryOp.Negate, e, e.Type),
        };

        private static Expr BuildProduct(double coefficient, Term term, TypeRef type)
        {
            // A single conditional with constant branches absorbs the rest of the product:
            // adjoint * (c ? 1.0 : 0.0) becomes c ? adjoint : 0.0.
            // Only constants whose value is known: a generic method's T.Pi or T.E holds NaN for "the same in no two Ts".
            int conditionalIndex = term.Numerators.FindIndex(f => f is Conditional { WhenTrue: RealConst t, WhenFalse: RealConst e } && HasKnownValue(t) && HasKnownValue(e));
            if (conditionalIndex >= 0 && term.Numerators.Count(f => f is Conditional) == 1)
            {
                var c = (Conditional)term.Numerators[conditionalIndex];
                Term rest = CopyWithout(term, conditionalIndex);
                Expr whenTrue = Simplify(ScaledBy(rest, coefficient * ((RealConst)c.WhenTrue).Value, type));
                Expr whenFalse = Simplify(ScaledBy(rest, coefficient * ((RealConst)c.WhenFalse).Value, type));
                return new Conditional(c.Condition, whenTrue, whenFalse, type);
            }

            return ScaledBy(term, coefficient, type);
        }

        /// <summary>Whether the simplifier may compute with <paramref name="c"/>'s value: every constant but a named constant of a
        /// generic method's T whose value depends on T (held as NaN).</summary>
        private static bool HasKnownValue(RealConst c) => c.Kind != ScalarKind.Generic || c.Symbol is null || !double.IsNaN(c.Value);

        private static Term CopyWithout(Term term, int numeratorIndex)
        {
            var copy = new Term { Coefficient = 1 };
            for (int i = 0; i < term.Numerators.Count; i++)
            {
                if (i != numeratorIndex) copy.Numerators.Add(term.Numerators[i]);
            }

            copy.Denominators.AddRange(term.Denominators);
            return copy;
        }

        private static Expr ScaledBy(Term term, double coefficient, TypeRef type)
        {
            coefficient = Round(coefficient, type);
            if (coefficient == 0) return RealConst.Of(0, type.Scalar);
            bool negative = coefficient < 0;
            coefficient = Math.Abs(coefficient);

            // Constant, then adjoints and the seed, then primal factors: "2.0 * _d_sum * r". In a loop the
            // adjoints are usually the same every iteration, so the leading product is loop-invariant and
            // the JIT computes it once.
            IEnumerable<Expr> ordered = term.Numerators.Where(IsAdjoint).Concat(term.Numerators.Where(f => !IsAdjoint(f)));
            Expr? product = coefficient == 1 ? null : RealConst.Of(coefficient, type.Scalar);
            foreach (Expr factor in ordered)
            {
                product = product is null ? factor : new Binary(BinaryOp.Multiply, product, factor, type);
            }

            product ??= RealConst.Of(1, type.Scalar);
            foreach (Expr denominator in term.Denominators)
            {
                product = new Binary(BinaryOp.Divide, product, denominator, type);
            }

            return negative ? NegateExpr(product) : product;
        }

        private static bool IsAdjoint(Expr e) => e is VarRef { Var.Kind: VariableKind.Generated }
            || e is ElementAccess { Sequence: VarRef { Var.Kind: VariableKind.Generated } };
    }
}
