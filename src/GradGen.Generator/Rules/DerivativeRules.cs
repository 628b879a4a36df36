using GradGen.Generator.Model;
using static GradGen.Generator.Model.ExprBuilder;

namespace GradGen.Generator.Rules
{
    /// <summary>
    /// The one table of derivatives of the elementary functions GradGen knows. Each rule gives the
    /// partial derivative of f(args) with respect to one argument, as an expression of the
    /// arguments and of <c>self</c> (the value of f(args), which the caller may have in a variable).
    /// </summary>
    internal static class DerivativeRules
    {
        private const double Ln10 = 2.302585092994046;
        private const double Ln2 = 0.6931471805599453;

        /// <summary>Steps: their derivative is zero wherever it exists.</summary>
        public static bool IsPiecewiseConstant(Intrinsic function) =>
            function is Intrinsic.Floor or Intrinsic.Ceiling or Intrinsic.Round or Intrinsic.Truncate or Intrinsic.Sign;

        /// <summary>
        /// Whether ∂f/∂args[k] can be infinite where f itself is finite: √x, ∛x and x^p (p &lt; 1) at 0, asin and
        /// acos at ±1, acosh at 1. A zero adjoint times that partial would be NaN where the true derivative of
        /// the whole expression is finite (<c>x * Math.Sqrt(x)</c> at 0), so the reverse sweep multiplies only a
        /// non-zero adjoint by it.
        /// </summary>
        public static bool PartialCanBeInfinite(Intrinsic function, Model.Call call, int k) => function switch
        {
            Intrinsic.Sqrt or Intrinsic.Cbrt or Intrinsic.Asin or Intrinsic.Acos or Intrinsic.Acosh => true,
            Intrinsic.Pow => k == 0 && !(call.Args[1] is RealConst { Symbol: null } p && (p.Value >= 1 || p.Value == 0)) && call.Args[1] is not IntConst,
            _ => false,
        };

        /// <summary>∂f/∂args[k], or null when f does not depend on args[k] differentiably.</summary>
        public static Expr? Partial(Intrinsic function, Model.Call call, int k, Expr self)
        {
            TypeRef t = call.Type;
            Expr x = call.Args[0];
            Expr One() => Real(1, t);
            switch (function)
            {
                case Intrinsic.Sin:
                    return Call(Intrinsic.Cos, t, x);
                case Intrinsic.Cos:
                    return Neg(Call(Intrinsic.Sin, t, x));
                case Intrinsic.Tan:
                    return Add(One(), Mul(self, self));
                case Intrinsic.Asin:
                    return Div(One(), Call(Intrinsic.Sqrt, t, Sub(One(), Mul(x, x))));
                case Intrinsic.Acos:
                    return Neg(Div(One(), Call(Intrinsic.Sqrt, t, Sub(One(), Mul(x, x)))));
                case Intrinsic.Atan:
                    return Div(One(), Add(One(), Mul(x, x)));
                case Intrinsic.Atan2:
                    {
                        // atan2(y, x): ∂/∂y = x / (x² + y²), ∂/∂x = -y / (x² + y²)
                        Expr y = call.Args[0], xx = call.Args[1];
                        Expr r2 = Add(Mul(xx, xx), Mul(y, y));
                        return k == 0 ? Div(xx, r2) : Neg(Div(y, r2));
                    }

                case Intrinsic.Sinh:
                    return Call(Intrinsic.Cosh, t, x);
                case Intrinsic.Cosh:
                    return Call(Intrinsic.Sinh, t, x);
                case Intrinsic.Tanh:
                    return Sub(One(), Mul(self, self));
                case Intrinsic.Asinh:
                    return Div(One(), Call(Intrinsic.Sqrt, t, Add(Mul(x, x), One())));
                case Intrinsic.Acosh:
                    return Div(One(), Call(Intrinsic.Sqrt, t, Sub(Mul(x, x), One())));
                case Intrinsic.Atanh:
                    return Div(One(), Sub(One(), Mul(x, x)));
                case Intrinsic.Exp:
                    return self;
                case Intrinsic.Log:
                    return Div(One(), x);
                case Intrinsic.LogBase:
                    {
                        // log_b(a) = ln a / ln b: ∂/∂a = 1 / (a ln b), ∂/∂b = -log_b(a) / (b ln b)
                        Expr a = call.Args[0], b = call.Args[1];
                        Expr lnB = Call(Intrinsic.Log, t, b);
                        return k == 0 ? Div(One(), Mul(a, lnB)) : Neg(Div(self, Mul(b, lnB)));
                    }

                case Intrinsic.Log10:
                    return Div(One(), Mul(x, Real(Ln10, t)));
                case Intrinsic.Log2:
                    return Div(One(), Mul(x, Real(Ln2, t)));
                case Intrinsic.Sqrt:
                    return Div(Real(0.5, t), self);
                case Intrinsic.Cbrt:
                    return Div(One(), Mul(Real(3, t), Mul(self, self)));
                case Intrinsic.Pow:
                    {
                        // x^y: ∂/∂x = y x^(y-1), ∂/∂y = x^y ln x. Where the true partial is 0 the formula
                        // gives 0 * inf: x^0 for any x, and 0^y (y > 0) in y. Those points get 0.
                        Expr b = call.Args[0], e = call.Args[1];
                        if (k == 0)
                        {
                            Expr dx = Mul(e, Call(Intrinsic.Pow, t, b, Sub(e, One())));
                            return e is RealConst ? dx : Select(Equal(e, Real(0, t)), Real(0, t), dx);
                        }

                        return Select(Equal(b, Real(0, t)), Real(0, t), Mul(self, Call(Intrinsic.Log, t, b)));
                    }

                case Intrinsic.Abs:
                    // A subgradient at 0: the right-hand derivative.
                    return Select(Less(x, Real(0, t)), Real(-1, t), One());
                case Intrinsic.Max:
                    {
                        // Ties go to the first argument.
                        Expr cond = GreaterOrEqual(call.Args[0], call.Args[1]);
                        return k == 0 ? Select(cond, One(), Real(0, t)) : Select(cond, Real(0, t), One());
                    }

                case Intrinsic.Min:
                    {
                        Expr cond = LessOrEqual(call.Args[0], call.Args[1]);
                        return k == 0 ? Select(cond, One(), Real(0, t)) : Select(cond, Real(0, t), One());
                    }

                case Intrinsic.FusedMultiplyAdd:
                    return k switch
                    {
                        0 => call.Args[1],
                        1 => call.Args[0],
                        _ => One(),
                    };
                default:
                    return null; // piecewise constant: Floor, Ceiling, Round, Truncate, Sign
            }
        }
    }
}
