using System.Collections.Generic;
using GradGen.Generator.Model;
using GradGen.Generator.Rules;

namespace GradGen.Generator.Analysis
{
    /// <summary>
    /// Activity analysis (flow-insensitive, over variable ids): which variables vary with the
    /// differentiable parameters, and which are useful (influence the result). Only variables that
    /// are both get adjoints.
    /// </summary>
    internal static class Activity
    {
        /// <summary>The ids of variables whose values depend on <paramref name="independents"/>.</summary>
        /// <remarks><paramref name="generated"/>: the body is generated code (a gradient or pullback pushed forward), whose writes
        /// into an element of a jagged or two-dimensional adjoint (<c>_d_w[i][j] += ...</c>) make that adjoint vary too.</remarks>
        public static HashSet<int> Varied(Block body, IEnumerable<Variable> independents, bool throughUnknownCalls = false, bool generated = false)
        {
            var varied = new HashSet<int>();
            foreach (Variable v in independents) varied.Add(v.Id);
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (Stmt s in IrWalker.Statements(body))
                {
                    switch (s)
                    {
                        case Declare { Init: { } init } d when CanCarry(d.Var.Type) && IsVaried(init, varied, throughUnknownCalls):
                            changed |= varied.Add(d.Var.Id);
                            break;
                        case Assign { Target: ElementAccess { Sequence: ElementAccess { Sequence: VarRef grid } } } a
                            when generated && grid.Type.IsGrid && IsVaried(a.Value, varied, throughUnknownCalls):
                            changed |= varied.Add(grid.Var.Id);
                            break;
                        case Assign a when IsVaried(a.Value, varied, throughUnknownCalls) && IrWalker.RootVariable(a.Target) is { } root && CanCarry(root.Type):
                            changed |= varied.Add(root.Id);
                            break;
                        case PullbackCall call when IsVaried(call.Call, varied, throughUnknownCalls) || IsVaried(call.Seed, varied, throughUnknownCalls):
                            // Generated code (a gradient or pullback pushed forward): what a callee's pullback adds into its
                            // adjoints, and the value it returns, vary with its arguments and its seed.
                            foreach (Expr adjoint in call.Adjoints)
                            {
                                if (IrWalker.RootVariable(adjoint) is { } written && CanCarry(written.Type)) changed |= varied.Add(written.Id);
                            }

                            if (call.Result is not null && IrWalker.RootVariable(call.Result) is { } value && CanCarry(value.Type)) changed |= varied.Add(value.Id);
                            break;
                        case TapePush push when IsVaried(push.Value, varied, throughUnknownCalls):
                            // Generated code (a gradient pushed forward): a tape that saves a varied value varies, and so does what it gives back.
                            changed |= varied.Add(push.Tape.Id);
                            break;
                    }
                }
            }

            return varied;
        }

        /// <summary>The ids of variables whose values can reach the method's result through operations
        /// that have derivatives.</summary>
        public static HashSet<int> Useful(Block body)
        {
            var useful = new HashSet<int>();
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (Stmt s in IrWalker.Statements(body))
                {
                    switch (s)
                    {
                        case Return { Value: { } value }:
                            changed |= AddReads(value, useful);
                            break;
                        case Declare { Init: { } init } d when useful.Contains(d.Var.Id):
                            changed |= AddReads(init, useful);
                            break;
                        case Assign a when IrWalker.RootVariable(a.Target) is { } root && useful.Contains(root.Id):
                            changed |= AddReads(a.Value, useful);
                            break;
                    }
                }
            }

            return useful;
        }

        private static bool AddReads(Expr e, HashSet<int> set)
        {
            bool changed = false;
            foreach (Variable v in DifferentiableReads(e))
            {
                changed |= set.Add(v.Id);
            }

            return changed;
        }

        private static bool CanCarry(TypeRef type) => type.IsReal || type.IsRealSequence || type.IsRealGrid;

        /// <summary>Whether <paramref name="e"/> has a (possibly zero) derivative with respect to the
        /// differentiable parameters: a real value computed from varied variables.</summary>
        /// <remarks>With <paramref name="throughUnknownCalls"/>, a call GradGen has no derivative for counts as
        /// varying with its arguments: diagnostics use it to report every such call at once.</remarks>
        public static bool IsVaried(Expr e, HashSet<int> varied, bool throughUnknownCalls = false)
        {
            switch (e)
            {
                case VarRef v:
                    return CanCarry(v.Type) && varied.Contains(v.Var.Id);
                case ElementAccess a:
                    // An element, or a row of a jagged or two-dimensional array.
                    return (a.Type.IsReal || a.Type.IsRealSequence) && IsVaried(a.Sequence, varied, throughUnknownCalls);
                case Unary u:
                    return u.Type.IsReal && IsVaried(u.Operand, varied, throughUnknownCalls);
                case Binary b:
                    return b.Type.IsReal && (IsVaried(b.Left, varied, throughUnknownCalls) || IsVaried(b.Right, varied, throughUnknownCalls));
                case Call c:
                    if (!c.Type.IsReal || DerivativeRules.IsPiecewiseConstant(c.Function)) return false;
                    foreach (Expr arg in c.Args)
                    {
                        if (IsVaried(arg, varied, throughUnknownCalls)) return true;
                    }

                    return false;
                case Conditional c:
                    return c.Type.IsReal && (IsVaried(c.WhenTrue, varied, throughUnknownCalls) || IsVaried(c.WhenFalse, varied, throughUnknownCalls));
                case Cast c:
                    return CanCarry(c.Type) && IsVaried(c.Operand, varied, throughUnknownCalls);
                case DiffCall call:
                    for (int i = 0; i < call.Args.Count; i++)
                    {
                        if (call.Parameters[i].IsDifferentiable && IsVaried(call.Args[i], varied, throughUnknownCalls)) return true;
                    }

                    return false;
                case TapePop pop:
                    return pop.Type.IsReal && varied.Contains(pop.Tape.Id);
                case OpaqueCall call when throughUnknownCalls && (call.Type.IsReal || call.Type.IsRealSequence):
                    if (call.Receiver is not null && IsVaried(call.Receiver, varied, throughUnknownCalls)) return true;
                    foreach (Expr arg in call.Args)
                    {
                        if (IsVaried(arg, varied, throughUnknownCalls)) return true;
                    }

                    return false;
                default:
                    return false;
            }
        }
    
        /// <summary>The variables through which <paramref name="e"/> can have a non-zero derivative.</summary>
        private static IEnumerable<Variable> DifferentiableReads(Expr e)
        {
            switch (e)
            {
                case VarRef v:
                    if (CanCarry(v.Type)) yield return v.Var;
                    break;
                case ElementAccess a when a.Type.IsReal || a.Type.IsRealSequence:
                    foreach (Variable v in DifferentiableReads(a.Sequence)) yield return v;
                    break;
                case Unary u when u.Type.IsReal:
                    foreach (Variable v in DifferentiableReads(u.Operand)) yield return v;
                    break;
                case Binary b when b.Type.IsReal:
                    foreach (Variable v in DifferentiableReads(b.Left)) yield return v;
                    foreach (Variable v in DifferentiableReads(b.Right)) yield return v;
                    break;
                case Call c when c.Type.IsReal && !DerivativeRules.IsPiecewiseConstant(c.Function):
                    foreach (Expr arg in c.Args)
                    {
                        foreach (Variable v in DifferentiableReads(arg)) yield return v;
                    }

                    break;
                case Conditional c when c.Type.IsReal:
                    foreach (Variable v in DifferentiableReads(c.WhenTrue)) yield return v;
                    foreach (Variable v in DifferentiableReads(c.WhenFalse)) yield return v;
                    break;
                case Cast c when c.Type.IsReal || c.Type.IsRealSequence:
                    foreach (Variable v in DifferentiableReads(c.Operand)) yield return v;
                    break;
                case DiffCall call:
                    for (int i = 0; i < call.Args.Count; i++)
                    {
                        if (!call.Parameters[i].IsDifferentiable) continue;
                        foreach (Variable v in DifferentiableReads(call.Args[i])) yield return v;
                    }

                    break;
            }
        }
    }
}
