# Export Monitor under gunicorn. Build: docker build -t export-monitor .
FROM python:3.11-slim
WORKDIR /app
# Chromium prints the agenda handout (PDF); Playwright drives it (EXPORT_MONITOR_CHROMIUM).
RUN apt-get update && apt-get install -y --no-install-recommends chromium \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.lock pyproject.toml ./
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
RUN pip install --no-cache-dir --no-deps -e . && python -m queries.demo --if-missing
ENV EXPORT_MONITOR_HOST=0.0.0.0
EXPOSE 8050
# --no-control-socket: gunicorn 27 would otherwise write a socket under $HOME.
CMD ["gunicorn", "--no-control-socket", "--workers", "2", "--threads", "4", \
     "--bind", "0.0.0.0:8050", "--timeout", "60", "app:server"]
