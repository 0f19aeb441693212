-- Headless end-to-end test of editors/neovim/lsp/execplan_ls.lua in real Neovim 0.11:
--   nvim --headless --clean -l editors/neovim/test/test.lua
-- with `execplan-ls` on PATH (editors/neovim/test/run.sh sets that up). Steps that need a
-- capability the server does not advertise print SKIP; the exit code is 0 only when no
-- step failed.
local script = debug.getinfo(1, 'S').source:sub(2)
local repo = vim.fs.normalize(vim.fn.fnamemodify(script, ':p:h:h:h:h'))
local timeout_ms = 10000

local passed, failed, skipped = 0, 0, 0
local function print(line)
  io.stdout:write(line, '\n')
end
local function pass(what)
  passed = passed + 1
  print('PASS: ' .. what)
end
local function fail(what)
  failed = failed + 1
  print('FAIL: ' .. what)
end
local function skip(what)
  skipped = skipped + 1
  print('SKIP: ' .. what)
end
local function check(ok, what, detail)
  if ok then
    pass(what)
  else
    fail(what .. (detail and (' (' .. detail .. ')') or ''))
  end
  return ok
end
-- Any error in vim.lsp: an error notification, an error answer or a failing handler, or
-- an ERROR line in the LSP log. Each one fails the test at the end.
local lsp_errors = {}
-- What the client answered to the server's last `workspace/applyEdit`, for failure details.
local last_apply_answer
local notify = vim.notify
vim.notify = function(msg, level, opts)
  if level and level >= vim.log.levels.ERROR then
    lsp_errors[#lsp_errors + 1] = 'notification: ' .. tostring(msg)
  end
  return notify(msg, level, opts)
end
for method, handler in pairs(vim.lsp.handlers) do
  vim.lsp.handlers[method] = function(err, result, ctx, config)
    if err then
      lsp_errors[#lsp_errors + 1] = method .. ' answered an error: ' .. vim.inspect(err)
    end
    -- A handler of a server's request returns the client's answer: pass it on.
    local answer = { pcall(handler, err, result, ctx, config) }
    if method == 'workspace/applyEdit' then
      last_apply_answer = answer[2]
    end
    if not answer[1] then
      lsp_errors[#lsp_errors + 1] = method .. ' handler failed: ' .. tostring(answer[2])
      return nil
    end
    return unpack(answer, 2, table.maxn(answer))
  end
end
vim.lsp.log.set_level(vim.log.levels.WARN)
vim.v.errmsg = ''
local log_file = vim.lsp.log.get_filename()
local log_start = vim.fn.getfsize(log_file)

local function finish()
  local log = {}
  if vim.fn.filereadable(log_file) == 1 then
    local text = table.concat(vim.fn.readfile(log_file), '\n')
    text = text:sub(math.max(log_start, 0) + 1)
    for line in text:gmatch('[^\n]+') do
      if line:find('[ERROR]', 1, true) then
        log[#log + 1] = line
      end
    end
  end
  check(#lsp_errors == 0, 'no error in vim.lsp handlers or notifications', table.concat(lsp_errors, ' | '))
  check(vim.v.errmsg == '', 'no Lua error (v:errmsg) in a vim.lsp callback', vim.v.errmsg)
  check(#log == 0, 'no ERROR in the LSP log (' .. log_file .. ')', table.concat(log, ' | '))
  print(string.format('neovim: %d passed, %d skipped, %d failed', passed, skipped, failed))
  if failed > 0 then
    vim.cmd('cquit 1')
  else
    vim.cmd('qa!')
  end
end

-- A workspace: the fixture plan, the file it mentions, and a root marker.
local workspace = vim.fn.tempname()
vim.fn.mkdir(workspace .. '/.git', 'p')
vim.fn.mkdir(workspace .. '/src', 'p')
vim.fn.writefile({ 'pub fn report() {}' }, workspace .. '/src/report.rs')
local plan = workspace .. '/plan.md'
vim.fn.writefile(vim.fn.readfile(repo .. '/editors/fixtures/missing-decision-log.md'), plan)

-- The very config users install, found on 'runtimepath' as lsp/execplan_ls.lua.
vim.opt.runtimepath:prepend(repo .. '/editors/neovim')
vim.lsp.config('execplan_ls', { flags = { debounce_text_changes = 0 } })
vim.lsp.enable('execplan_ls')
vim.cmd('filetype on')
vim.cmd.edit(vim.fn.fnameescape(plan))
local buf = vim.api.nvim_get_current_buf()
check(vim.bo[buf].filetype == 'markdown', 'plan.md opens as markdown', vim.bo[buf].filetype)

local client
vim.wait(timeout_ms, function()
  client = vim.lsp.get_clients({ bufnr = buf, name = 'execplan_ls' })[1]
  return client ~= nil and client.initialized
end, 20)
if not check(client ~= nil, 'execplan_ls attaches from lsp/execplan_ls.lua') then
  finish()
  return
end
check(client.config.root_dir == vim.fs.normalize(vim.uv.fs_realpath(workspace)) or client.config.root_dir == workspace,
  'root_dir is the folder holding .git', client.config.root_dir)
local caps = client.server_capabilities or {}
local encoding = client.offset_encoding

-- 1. Diagnostics arrive: the missing Decision Log, on the title line.
local function missing_decision_log()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 'missing-section' and d.message:find('Decision Log', 1, true) then
      return d
    end
  end
end
vim.wait(timeout_ms, function() return missing_decision_log() ~= nil end, 20)
local d = missing_decision_log()
if check(d ~= nil, 'diagnostic missing-section for Decision Log arrives') then
  check(d.source == 'execplan', 'diagnostic source is execplan', tostring(d.source))
  check(d.severity == vim.diagnostic.severity.ERROR, 'missing-section is an error')
  check(d.lnum == 0, 'reported on the title line', 'line ' .. tostring(d.lnum))
end

local function line_of(pattern, from)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, from or 0, -1, false)) do
    if line:find(pattern) then
      return (from or 0) + i - 1
    end
  end
end

-- 2. Completion offers the missing heading on a new `## ` line.
if not caps.completionProvider then
  skip('completion: server does not advertise completionProvider')
else
  local row = line_of('^## Outcomes')
  vim.api.nvim_buf_set_lines(buf, row, row, false, { '## ', '' })
  vim.api.nvim_win_set_cursor(0, { row + 1, 3 })
  local params = vim.lsp.util.make_position_params(0, encoding)
  params.context = { triggerKind = 1 } -- Invoked
  local reply = client:request_sync('textDocument/completion', params, timeout_ms, buf)
  local result = reply and reply.result or {}
  local items = result.items or result
  local labels = {}
  for _, item in ipairs(items) do
    labels[#labels + 1] = item.label
  end
  check(vim.tbl_contains(labels, 'Decision Log'), 'completion offers the missing "Decision Log" heading',
    'got: ' .. table.concat(labels, ', '))
  vim.api.nvim_buf_set_lines(buf, row, row + 2, false, {})
end

-- 3. The progress-entry code action applies with the current UTC time.
local function code_action_titled(title)
  local params = vim.lsp.util.make_range_params(0, encoding)
  params.context = { diagnostics = vim.lsp.diagnostic.from(vim.diagnostic.get(buf)), triggerKind = 1 }
  local reply = client:request_sync('textDocument/codeAction', params, timeout_ms, buf)
  local titles = {}
  for _, action in ipairs(reply and reply.result or {}) do
    titles[#titles + 1] = action.title
    if action.title == title then
      return action, titles
    end
  end
  return nil, titles
end
local function apply_action(action)
  if type(action.command) == 'string' then -- a bare Command
    client:exec_cmd(action, { bufnr = buf })
    return
  end
  if not action.edit and client:supports_method('codeAction/resolve') then
    local reply = client:request_sync('codeAction/resolve', action, timeout_ms, buf)
    action = reply and reply.result or action
  end
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, encoding)
  end
  if action.command then
    client:exec_cmd(action.command, { bufnr = buf })
  end
end
local function utc_minute()
  local now = vim.env.EXECPLAN_NOW
  if now and now ~= '' then
    local date, hm = now:match('^(%d%d%d%d%-%d%d%-%d%d)[Tt ](%d%d:%d%d)')
    return date .. ' ' .. hm .. 'Z'
  end
  return os.date('!%Y-%m-%d %H:%MZ')
end

if not caps.codeActionProvider then
  skip('progress-entry action: server does not advertise codeActionProvider')
else
  local progress = line_of('^## Progress')
  vim.api.nvim_win_set_cursor(0, { progress + 2, 0 })
  local before = utc_minute()
  local action, titles = code_action_titled('Add progress entry (now)')
  if check(action ~= nil, 'code action "Add progress entry (now)" is offered', 'got: ' .. table.concat(titles, ', ')) then
    apply_action(action)
    local after = utc_minute()
    local next_section = line_of('^## ', progress + 1) or vim.api.nvim_buf_line_count(buf)
    local found
    for _, line in ipairs(vim.api.nvim_buf_get_lines(buf, progress + 1, next_section, false)) do
      local stamp = line:match('^%- %[ %] %((%d%d%d%d%-%d%d%-%d%d %d%d:%d%dZ)%) ')
      if stamp and (stamp == before or stamp == after) then
        found = line
      end
    end
    check(found ~= nil, 'a "- [ ] (' .. before .. ') " entry is inserted in Progress',
      table.concat(vim.api.nvim_buf_get_lines(buf, progress, next_section, false), ' | '))
  end
end

-- 3b. The code lens on Progress ("N of M done · last entry …") arrives, Neovim's own
-- code lens handler takes it, and running it (workspace/executeCommand, then the server's
-- workspace/applyEdit) adds a progress entry.
if not caps.codeLensProvider then
  skip('code lens: server does not advertise codeLensProvider')
else
  local progress = line_of('^## Progress')
  local reply = client:request_sync('textDocument/codeLens',
    { textDocument = vim.lsp.util.make_text_document_params(buf) }, timeout_ms, buf)
  local lens = reply and reply.result and reply.result[1]
  local title = lens and lens.command and lens.command.title or ''
  check(lens ~= nil and lens.range.start.line == progress and title:match('^%d+ of %d+ done') ~= nil,
    'a code lens "N of M done …" on the Progress heading', vim.inspect(lens))
  vim.lsp.codelens.refresh({ bufnr = buf })
  vim.wait(timeout_ms, function() return #vim.lsp.codelens.get(buf) > 0 end, 20)
  check(#vim.lsp.codelens.get(buf) > 0, 'vim.lsp.codelens.refresh() shows the lens')
  local function entries()
    local n = 0
    for _, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
      -- (An entry's trailing space may move to the entry added after it.)
      if line:match('^%- %[ %] %(%d%d%d%d%-%d%d%-%d%d %d%d:%d%dZ%)') then
        n = n + 1
      end
    end
    return n
  end
  local before_run = entries()
  if lens then
    client:exec_cmd(lens.command, { bufnr = buf })
    vim.wait(timeout_ms, function() return entries() > before_run end, 20)
  end
  check(entries() == before_run + 1, 'running the lens adds a stamped progress entry',
    before_run .. ' entries before, ' .. entries() .. ' after; applyEdit answered ' .. vim.inspect(last_apply_answer)
      .. '; buffers ' .. table.concat(vim.tbl_map(vim.api.nvim_buf_get_name, vim.api.nvim_list_bufs()), ', ')
      .. '; Progress: ' .. table.concat(vim.api.nvim_buf_get_lines(buf, progress, progress + 8, false), ' | '))
end

-- 4. Incremental edits reach the server: adding the section clears the diagnostic.
do
  local row = line_of('^## Outcomes')
  vim.api.nvim_buf_set_lines(buf, row, row, false, { '## Decision Log', '', '(None yet.)', '' })
  vim.wait(timeout_ms, function() return missing_decision_log() == nil end, 20)
  check(missing_decision_log() == nil, 'adding "## Decision Log" clears the missing-section diagnostic')
end

-- 5. Typing as people do: a heading being typed, then a progress item with a trailing
-- space. After each keystroke the outline and folding keep LSP's rules, and the outline
-- lists the sections.
local function request(method, params)
  local reply, err = client:request_sync(method, params, timeout_ms, buf)
  if err or not reply then
    lsp_errors[#lsp_errors + 1] = method .. ': no answer: ' .. tostring(err)
    return nil
  end
  if reply.err then
    lsp_errors[#lsp_errors + 1] = method .. ' answered an error: ' .. vim.inspect(reply.err)
  end
  return reply.result
end
local function before(a, b)
  return a.line < b.line or (a.line == b.line and a.character <= b.character)
end
local function inside(inner, outer)
  return before(outer.start, inner.start) and before(inner['end'], outer['end'])
end
local broken = {}
local function check_symbols(symbols, parent)
  for _, s in ipairs(symbols or {}) do
    if type(s.name) ~= 'string' or vim.trim(s.name) == '' then
      broken[#broken + 1] = 'blank name'
    end
    if not inside(s.selectionRange, s.range) then
      broken[#broken + 1] = s.name .. ': selectionRange outside range'
    end
    if parent and not inside(s.range, parent.range) then
      broken[#broken + 1] = s.name .. ': outside its parent ' .. parent.name
    end
    check_symbols(s.children, s)
  end
end
local function section_names(symbols, out)
  out = out or {}
  for _, s in ipairs(symbols or {}) do
    out[#out + 1] = s.name
    section_names(s.children, out)
  end
  return out
end
if not caps.documentSymbolProvider then
  skip('outline while typing: server does not advertise documentSymbolProvider')
else
  local progress = line_of('^## Progress')
  vim.api.nvim_buf_set_lines(buf, progress, progress, false, { '' })
  vim.api.nvim_win_set_cursor(0, { progress + 1, 0 })
  local typed = { '#', '#', ' ', 'N', 'o', 't', 'e', 's' }
  local item = { '-', ' ', '[', 'x', ']', ' ', '(', '2', '0', '2', '6', ')', ' ', 'd', 'o', 'n', 'e', ' ' }
  local function type_chars(row, chars)
    for _, c in ipairs(chars) do
      local line = vim.api.nvim_buf_get_lines(buf, row, row + 1, false)[1]
      vim.api.nvim_buf_set_text(buf, row, #line, row, #line, { c })
      local symbols = request('textDocument/documentSymbol', { textDocument = vim.lsp.util.make_text_document_params(buf) })
      check_symbols(symbols)
      local folds = request('textDocument/foldingRange', { textDocument = vim.lsp.util.make_text_document_params(buf) })
      for _, f in ipairs(folds or {}) do
        if f.startLine > f.endLine or f.endLine >= vim.api.nvim_buf_line_count(buf) then
          broken[#broken + 1] = 'folding range ' .. f.startLine .. '..' .. f.endLine
        end
      end
    end
  end
  type_chars(progress, typed)
  local after_progress = line_of('^## Progress') + 1
  vim.api.nvim_buf_set_lines(buf, after_progress, after_progress, false, { '' })
  type_chars(after_progress, item)
  check(#broken == 0, 'the outline and folding keep LSP\'s rules at every keystroke', table.concat(broken, ' | '))
  local names = section_names(request('textDocument/documentSymbol', { textDocument = vim.lsp.util.make_text_document_params(buf) }))
  check(vim.tbl_contains(names, 'Notes') and vim.tbl_contains(names, 'Progress'),
    'the outline lists the typed heading and Progress', table.concat(names, ', '))
  -- Neovim's own handler for the outline (the location list) runs without error.
  vim.lsp.buf.document_symbol()
  vim.wait(timeout_ms, function() return #vim.fn.getloclist(0) > 0 end, 20)
  check(#vim.fn.getloclist(0) > 0, 'vim.lsp.buf.document_symbol() fills the location list')
  vim.cmd('lclose')
end

-- 6. Go-to-definition on a backticked path lands in that file.
if not caps.definitionProvider then
  skip('go-to-definition: server does not advertise definitionProvider')
else
  local row = line_of('`src/report.rs`')
  local col = vim.api.nvim_buf_get_lines(buf, row, row + 1, false)[1]:find('src/report.rs', 1, true)
  vim.api.nvim_win_set_cursor(0, { row + 1, col + 2 })
  local params = vim.lsp.util.make_position_params(0, encoding)
  local reply = client:request_sync('textDocument/definition', params, timeout_ms, buf)
  local result = reply and reply.result
  local location = result and (result[1] or result)
  if check(location ~= nil and (location.uri or location.targetUri) ~= nil, 'definition returns a location') then
    vim.lsp.util.show_document(location, encoding, { focus = true })
    local landed = vim.api.nvim_buf_get_name(0)
    check(vim.endswith(landed, '/src/report.rs'), 'go-to-definition lands in src/report.rs', landed)
  end
end

finish()
