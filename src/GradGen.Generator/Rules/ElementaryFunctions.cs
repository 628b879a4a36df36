using System;
using System.Collections.Generic;
using GradGen.Generator.Model;
using static GradGen.Generator.Model.ExprBuilder;

namespace GradGen.Generator.Rules
{
    /// <summary>How a function behaves where it is not differentiable.</summary>
    internal enum Smoothness : byte
    {
        /// <summary>Differentiable wherever it is defined.</summary>
        Smooth,

        /// <summary>Continuous with a kink (Abs at 0, Max at a tie): one side's derivative is taken, GG1003 says so.</summary>
        Kink,

        /// <summary>A step (Floor, Sign): the derivative is zero wherever it exists, GG1001 says so.</summary>
        Step,
    }

    /// <summary>Where the C# method lives.</summary>
    [Flags]
    internal enum Owners : byte
    {
        /// <summary><c>System.Math</c> and <c>System.MathF</c>.</summary>
        Math = 1,

        /// <summary>The static methods of <c>double</c> and <c>float</c> (generic math, .NET 7 and later).</summary>
        NumberType = 2,

        Both = Math | NumberType,
    }

    /// <summary>A partial derivative: ∂f/∂args[k] as IR, from the call and <c>self</c> (f's own value); null where
    /// f does not depend on that argument differentiably.</summary>
    internal delegate Expr? PartialRule(Model.Call call, int k, Expr self);

    /// <summary>
    /// Everything GradGen knows about one elementary function, in one place: how C# spells it, which arguments
    /// it takes, its partials, how smooth it is, what it costs.
    /// </summary>
    internal sealed class ElementaryFunction
    {
        public ElementaryFunction(Intrinsic id, string name, int arity, PartialRule partial)
        {
            Id = id;
            Name = name;
            Arity = arity;
            Partial = partial;
        }

        public Intrinsic Id { get; }

        /// <summary>The C# method name (the same on Math, MathF, double and float).</summary>
        public string Name { get; }

        public int Arity { get; }

        public PartialRule Partial { get; }

        public Owners Owners { get; init; } = Owners.Both;

        /// <summary>The float overload is on Math, not MathF (which has no Clamp).</summary>
        public bool FloatOverloadOnMath { get; init; }

        public Smoothness Smoothness { get; init; } = Smoothness.Smooth;

        /// <summary>For a function whose C# method returns a tuple (<c>Math.SinCos</c>), the element this entry
        /// is: the IR computes with one element at a time, spelled <c>Math.SinCos(x).Sin</c>.</summary>
        public string? Element { get; init; }

        /// <summary>A few arithmetic operations: recomputing beats keeping the value on a tape.</summary>
        public bool IsCheap { get; init; }

        /// <summary>Whether the call accepts these (lowered) arguments; by default, real ones only.</summary>
        public Func<Expr[], bool> Accepts { get; init; } = AllReal;

        /// <summary>Whether ∂f/∂args[k] can be infinite where f is finite (√x at 0): the reverse sweep then
        /// multiplies only a non-zero adjoint by it.</summary>
        public Func<Model.Call, int, bool> PartialCanBeInfinite { get; init; } = static (_, _) => false;

        /// <summary>Whether a derivative that reads f's own value should read it from a local (false for √x,
        /// whose value is as cheap to compute again as to keep).</summary>
        public bool ReusesOwnValue { get; init; } = true;

        public static bool AllReal(Expr[] args)
        {
            foreach (Expr a in args)
            {
                if (!a.Type.IsReal) return false;
            }

            return true;
        }

        public static bool AllNumeric(Expr[] args)
        {
            foreach (Expr a in args)
            {
                if (!a.Type.IsReal && !a.Type.IsInteger) return false;
            }

            return true;
        }
    }

    /// <summary>
    /// The table of elementary functions (in the manner of Enzyme's InstructionDerivatives.td and Clad's
    /// BuiltinDerivatives.h). The front end recognises calls through it, reverse mode takes partials from it, the
    /// tape strategy asks it what is cheap, the emitter spells calls with it. Adding a function is one entry here
    /// (and its id in <see cref="Intrinsic"/>), plus tests.
    /// </summary>
    internal static class ElementaryFunctions
    {
        private const double Ln10 = 2.302585092994046;
        private const double Ln2 = 0.6931471805599453;

        private static Expr One(Model.Call c) => Real(1, c.Type);

        private static Expr Zero(Model.Call c) => Real(0, c.Type);

        private static Expr X(Model.Call c) => c.Args[0];

        private static readonly ElementaryFunction[] Table =
        {
            new(Intrinsic.Sin, "Sin", 1, (c, _, _) => Call(Intrinsic.Cos, c.Type, X(c))),
            new(Intrinsic.Cos, "Cos", 1, (c, _, _) => Neg(Call(Intrinsic.Sin, c.Type, X(c)))),

            // Math.SinCos(x) computes both at once; its elements' derivatives read the other element of the same
            // call, so derivative code computes exactly the values the user's code does.
            new(Intrinsic.SinCosSin, "SinCos", 1, (c, _, _) => Call(Intrinsic.SinCosCos, c.Type, X(c))) { Element = "Sin" },
            new(Intrinsic.SinCosCos, "SinCos", 1, (c, _, _) => Neg(Call(Intrinsic.SinCosSin, c.Type, X(c)))) { Element = "Cos" },
            new(Intrinsic.Tan, "Tan", 1, (c, _, self) => Add(One(c), Mul(self, self))),
            new(Intrinsic.Asin, "Asin", 1, (c, _, _) => Div(One(c), Call(Intrinsic.Sqrt, c.Type, Sub(One(c), Mul(X(c), X(c))))))
            {
                PartialCanBeInfinite = static (_, _) => true,
            },
            new(Intrinsic.Acos, "Acos", 1, (c, _, _) => Neg(Div(One(c), Call(Intrinsic.Sqrt, c.Type, Sub(One(c), Mul(X(c), X(c)))))))
            {
                PartialCanBeInfinite = static (_, _) => true,
            },
            new(Intrinsic.Atan, "Atan", 1, (c, _, _) => Div(One(c), Add(One(c), Mul(X(c), X(c))))),

            // atan2(y, x): ∂/∂y = x / (x² + y²), ∂/∂x = -y / (x² + y²). At the origin, where atan2 has no
            // derivative, 0 (not 0/0 = NaN, which would poison a gradient whose true value is finite there, as in
            // atan2(0 * z, 0)).
            new(Intrinsic.Atan2, "Atan2", 2, (c, k, _) =>
            {
                Expr y = c.Args[0], x = c.Args[1];
                Expr r2 = Add(Mul(x, x), Mul(y, y));
                return Select(Equal(r2, Zero(c)), Zero(c), k == 0 ? Div(x, r2) : Neg(Div(y, r2)));
            }),
            new(Intrinsic.Sinh, "Sinh", 1, (c, _, _) => Call(Intrinsic.Cosh, c.Type, X(c))),
            new(Intrinsic.Cosh, "Cosh", 1, (c, _, _) => Call(Intrinsic.Sinh, c.Type, X(c))),
            new(Intrinsic.Tanh, "Tanh", 1, (c, _, self) => Sub(One(c), Mul(self, self))),
            new(Intrinsic.Asinh, "Asinh", 1, (c, _, _) => Div(One(c), Call(Intrinsic.Sqrt, c.Type, Add(Mul(X(c), X(c)), One(c))))),
            new(Intrinsic.Acosh, "Acosh", 1, (c, _, _) => Div(One(c), Call(Intrinsic.Sqrt, c.Type, Sub(Mul(X(c), X(c)), One(c)))))
            {
                PartialCanBeInfinite = static (_, _) => true,
            },
            new(Intrinsic.Atanh, "Atanh", 1, (c, _, _) => Div(One(c), Sub(One(c), Mul(X(c), X(c))))),
            new(Intrinsic.Exp, "Exp", 1, (_, _, self) => self),
            new(Intrinsic.Log, "Log", 1, (c, _, _) => Div(One(c), X(c))),

            // log_b(a) = ln a / ln b: ∂/∂a = 1 / (a ln b), ∂/∂b = -log_b(a) / (b ln b)
            new(Intrinsic.LogBase, "Log", 2, (c, k, self) =>
            {
                Expr a = c.Args[0], b = c.Args[1];
                Expr lnB = Call(Intrinsic.Log, c.Type, b);
                return k == 0 ? Div(One(c), Mul(a, lnB)) : Neg(Div(self, Mul(b, lnB)));
            }),
            new(Intrinsic.Log10, "Log10", 1, (c, _, _) => Div(One(c), Mul(X(c), Real(Ln10, c.Type)))),
            new(Intrinsic.Log2, "Log2", 1, (c, _, _) => Div(One(c), Mul(X(c), Real(Ln2, c.Type)))),

            // double.LogP1(x) is Math.Log(x + 1): ∂/∂x = 1 / (x + 1).
            new(Intrinsic.LogP1, "LogP1", 1, (c, _, _) => Div(One(c), Add(X(c), One(c)))) { Owners = Owners.NumberType },

            // double.ExpM1(x) is Math.Exp(x) - 1: ∂/∂x = exp(x).
            new(Intrinsic.ExpM1, "ExpM1", 1, (c, _, _) => Call(Intrinsic.Exp, c.Type, X(c))) { Owners = Owners.NumberType },
            new(Intrinsic.Sqrt, "Sqrt", 1, (c, _, self) => Div(Real(0.5, c.Type), self))
            {
                PartialCanBeInfinite = static (_, _) => true,
                ReusesOwnValue = false,
            },

            // The estimate's derivative is that of the exact 1/√x: -1 / (2 x √x).
            new(Intrinsic.ReciprocalSqrtEstimate, "ReciprocalSqrtEstimate", 1,
                (c, _, _) => Neg(Div(Real(0.5, c.Type), Mul(X(c), Call(Intrinsic.Sqrt, c.Type, X(c))))))
            {
                PartialCanBeInfinite = static (_, _) => true,
            },
            new(Intrinsic.Cbrt, "Cbrt", 1, (c, _, self) => Div(One(c), Mul(Real(3, c.Type), Mul(self, self))))
            {
                PartialCanBeInfinite = static (_, _) => true,
            },

            // x^y: ∂/∂x = y x^(y-1), ∂/∂y = x^y ln x. Where the true partial is 0 the formula gives 0 * inf:
            // x^0 for any x, and 0^y (y > 0) in y. Those points get 0.
            new(Intrinsic.Pow, "Pow", 2, (c, k, self) =>
            {
                Expr b = c.Args[0], e = c.Args[1];
                if (k == 0)
                {
                    Expr dx = Mul(e, Call(Intrinsic.Pow, c.Type, b, Sub(e, One(c))));
                    return e is RealConst ? dx : Select(Equal(e, Zero(c)), Zero(c), dx);
                }

                return Select(Equal(b, Zero(c)), Zero(c), Mul(self, Call(Intrinsic.Log, c.Type, b)));
            })
            {
                PartialCanBeInfinite = static (c, k) => k == 0 && !(c.Args[1] is RealConst { Symbol: null } p && (p.Value >= 1 || p.Value == 0)) && c.Args[1] is not IntConst,
            },

            // hypot(x, y) = √(x² + y²): ∂/∂x = x / hypot, ∂/∂y = y / hypot; 0 at the origin (a kink, where 0/0
            // would be NaN).
            new(Intrinsic.Hypot, "Hypot", 2, (c, k, self) => Select(Equal(self, Zero(c)), Zero(c), Div(c.Args[k], self)))
            {
                Owners = Owners.NumberType,
                Smoothness = Smoothness.Kink,
            },

            // A subgradient at 0: the right-hand derivative.
            new(Intrinsic.Abs, "Abs", 1, (c, _, _) => Select(Less(X(c), Zero(c)), Real(-1, c.Type), One(c)))
            {
                Smoothness = Smoothness.Kink,
                IsCheap = true,
                Accepts = ElementaryFunction.AllNumeric,
            },

            // Ties go to the first argument.
            new(Intrinsic.Max, "Max", 2, (c, k, _) =>
            {
                Expr cond = GreaterOrEqual(c.Args[0], c.Args[1]);
                return k == 0 ? Select(cond, One(c), Zero(c)) : Select(cond, Zero(c), One(c));
            })
            {
                Smoothness = Smoothness.Kink,
                IsCheap = true,
                Accepts = ElementaryFunction.AllNumeric,
            },
            new(Intrinsic.Min, "Min", 2, (c, k, _) =>
            {
                Expr cond = LessOrEqual(c.Args[0], c.Args[1]);
                return k == 0 ? Select(cond, One(c), Zero(c)) : Select(cond, Zero(c), One(c));
            })
            {
                Smoothness = Smoothness.Kink,
                IsCheap = true,
                Accepts = ElementaryFunction.AllNumeric,
            },

            // clamp(x, lo, hi) is lo below lo, hi above hi, x between (both bounds included): the derivative goes
            // to the argument that is the value.
            new(Intrinsic.Clamp, "Clamp", 3, (c, k, _) =>
            {
                Expr x = c.Args[0], lo = c.Args[1], hi = c.Args[2];
                Expr below = Less(x, lo), notBelow = GreaterOrEqual(x, lo);
                return k switch
                {
                    0 => Select(new Binary(BinaryOp.AndAlso, notBelow, LessOrEqual(x, hi), TypeRef.Boolean), One(c), Zero(c)),
                    1 => Select(below, One(c), Zero(c)),
                    _ => Select(new Binary(BinaryOp.AndAlso, notBelow, Less(hi, x), TypeRef.Boolean), One(c), Zero(c)),
                };
            })
            {
                Smoothness = Smoothness.Kink,
                IsCheap = true,
                Accepts = ElementaryFunction.AllNumeric,
                FloatOverloadOnMath = true,
            },

            // copysign(x, y) = sign(y) |x|: ∂/∂x = sign(x) sign(y) (a kink at x = 0); no derivative in y.
            new(Intrinsic.CopySign, "CopySign", 2, (c, k, _) =>
                k == 0 ? Mul(Call(Intrinsic.CopySign, c.Type, One(c), X(c)), Call(Intrinsic.CopySign, c.Type, One(c), c.Args[1])) : null)
            {
                Smoothness = Smoothness.Kink,
                IsCheap = true,
            },

            // scaleb(x, n) = x 2^n, n an int: ∂/∂x = 2^n, exactly scaleb(1, n).
            new(Intrinsic.ScaleB, "ScaleB", 2, (c, k, _) => k == 0 ? Call(Intrinsic.ScaleB, c.Type, One(c), c.Args[1]) : null)
            {
                IsCheap = true,
                Accepts = static args => args[0].Type.IsReal && args[1].Type.IsInteger,
            },
            new(Intrinsic.FusedMultiplyAdd, "FusedMultiplyAdd", 3, (c, k, _) => k switch
            {
                0 => c.Args[1],
                1 => c.Args[0],
                _ => One(c),
            })
            {
                IsCheap = true,
            },
            new(Intrinsic.Floor, "Floor", 1, Constant) { Smoothness = Smoothness.Step, IsCheap = true },
            new(Intrinsic.Ceiling, "Ceiling", 1, Constant) { Smoothness = Smoothness.Step, IsCheap = true },
            new(Intrinsic.Truncate, "Truncate", 1, Constant) { Smoothness = Smoothness.Step, IsCheap = true },

            // Round(x), Round(x, digits), Round(x, mode), Round(x, digits, mode).
            new(Intrinsic.Round, "Round", 1, Constant) { Smoothness = Smoothness.Step, IsCheap = true },
            new(Intrinsic.Round, "Round", 2, Constant)
            {
                Smoothness = Smoothness.Step,
                IsCheap = true,
                Accepts = static args => args[0].Type.IsReal && (args[1].Type.IsInteger || args[1].Type.Scalar == ScalarKind.Other),
            },
            new(Intrinsic.Round, "Round", 3, Constant)
            {
                Smoothness = Smoothness.Step,
                IsCheap = true,
                Accepts = static args => args[0].Type.IsReal && args[1].Type.IsInteger && args[2].Type.Scalar == ScalarKind.Other,
            },
            new(Intrinsic.Sign, "Sign", 1, Constant)
            {
                Smoothness = Smoothness.Step,
                IsCheap = true,
                Accepts = ElementaryFunction.AllNumeric,
            },
        };

        private static Expr? Constant(Model.Call call, int k, Expr self) => null;

        private static readonly Dictionary<Intrinsic, ElementaryFunction> ById = BuildById();

        private static Dictionary<Intrinsic, ElementaryFunction> BuildById()
        {
            var byId = new Dictionary<Intrinsic, ElementaryFunction>();
            foreach (ElementaryFunction f in Table)
            {
                if (!byId.ContainsKey(f.Id)) byId[f.Id] = f; // Round's overloads share their rules
            }

            return byId;
        }

        public static IReadOnlyList<ElementaryFunction> All => Table;

        public static ElementaryFunction Of(Intrinsic id) => ById[id];

        /// <summary>The function a call to <paramref name="name"/> on <paramref name="owner"/> with these lowered
        /// arguments is, or null when it is none GradGen knows.</summary>
        public static ElementaryFunction? Find(string name, Owners owner, Expr[] args)
        {
            // (A tuple-valued function's elements are found by FindElement.)
            foreach (ElementaryFunction f in Table)
            {
                if (f.Name == name && f.Element is null && f.Arity == args.Length && (f.Owners & owner) != 0 && f.Accepts(args)) return f;
            }

            return null;
        }

        /// <summary>The entry for element <paramref name="element"/> of the tuple-valued <paramref name="name"/>.</summary>
        public static ElementaryFunction? FindElement(string name, string element, Owners owner, Expr[] args)
        {
            foreach (ElementaryFunction f in Table)
            {
                if (f.Name == name && f.Element == element && f.Arity == args.Length && (f.Owners & owner) != 0 && f.Accepts(args)) return f;
            }

            return null;
        }

        /// <summary>How generated code spells a call: the method name, and whether it lives on double/float only.</summary>
        public static FunctionSpelling Spelling(Intrinsic id)
        {
            ElementaryFunction f = Of(id);
            return new FunctionSpelling(f.Name, f.Owners == Owners.NumberType, f.FloatOverloadOnMath, f.Element);
        }
    }
}
