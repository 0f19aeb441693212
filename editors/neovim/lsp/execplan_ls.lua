-- execplan-ls for Neovim 0.11+, in the nvim-lspconfig format. Put this file on your
-- 'runtimepath' as lsp/execplan_ls.lua (for example ~/.config/nvim/lsp/execplan_ls.lua)
-- and call vim.lsp.enable('execplan_ls').
--
-- Settings (all optional) go under `execplan`, both at start and on change:
--   rules    = { ["section-order"] = "off" }  -- error|warning|information|hint|off
--   plans    = { "plans/**/*.md" }            -- files always checked as plans
--   standard = "PLANS.md"                     -- the standard's path
--   author   = "Your Name"                    -- for Decision Log entries
-- The server logs to stderr, filtered by EXECPLAN_LOG (default warn); Neovim copies
-- stderr into the file :lua =vim.lsp.log.get_filename() names.
---@type vim.lsp.Config
return {
  cmd = { 'execplan-ls', 'lsp' },
  filetypes = { 'markdown' },
  root_markers = { 'PLANS.md', '.git' },
  init_options = { execplan = {} },
  settings = { execplan = {} },
}
